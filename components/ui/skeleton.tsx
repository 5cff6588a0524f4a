import * as React from "react";

import { cn } from "./cn";

/** A grey placeholder block for content that is loading: size it with className (e.g. `h-4 w-32`). */
function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-muted dark:bg-accent", className)}
      {...props}
    />
  );
}

export { Skeleton };
