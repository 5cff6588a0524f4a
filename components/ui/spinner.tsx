import * as React from "react";
import { Loader2Icon } from "lucide-react";

import { cn } from "./cn";

/**
 * A turning loader icon with role="status". Size/colour with className (`size-4` by default; it takes
 * the text colour). Inside a Button it needs no extra class. `aria-label` defaults to "Loading".
 */
function Spinner({ className, ...props }: React.ComponentProps<"svg">) {
  return (
    <Loader2Icon
      data-slot="spinner"
      role="status"
      aria-label="Loading"
      className={cn("size-4 animate-spin", className)}
      {...props}
    />
  );
}

export { Spinner };
