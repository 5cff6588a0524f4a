import * as React from "react";
import Link from "next/link";
import { ChevronRightIcon } from "lucide-react";

import { cn } from "./cn";

type StatProps = Omit<React.HTMLAttributes<HTMLElement>, "children"> & {
  label: React.ReactNode;
  value: React.ReactNode;
  /** A small line under the value, e.g. "+12 today" or a Badge. */
  hint?: React.ReactNode;
  /** Makes the whole card a link (e.g. to the filtered list behind the number). */
  href?: string;
  /** An icon element shown next to the label. */
  icon?: React.ReactNode;
};

/** A dashboard counter card: label, big number, hint; a link to the details when `href` is given. */
function Stat({ label, value, hint, href, icon, className, ...props }: StatProps) {
  const body = (
    <>
      <div className="flex items-center justify-between gap-2 text-[0.8125rem] font-medium text-muted-foreground">
        <span className="flex min-w-0 items-center gap-1.5 truncate [&_svg]:size-4 [&_svg]:shrink-0">
          {icon}
          {label}
        </span>
        {href ? (
          <ChevronRightIcon
            aria-hidden="true"
            className="size-4 shrink-0 opacity-60 transition-transform group-hover/stat:translate-x-0.5 group-hover/stat:opacity-100"
          />
        ) : null}
      </div>
      <div data-slot="stat-value" className="text-2xl leading-8 font-semibold tracking-tight tabular-nums">
        {value}
      </div>
      {hint ? (
        <div data-slot="stat-hint" className="text-[0.8125rem] text-muted-foreground">
          {hint}
        </div>
      ) : null}
    </>
  );
  const classes = cn(
    "group/stat flex flex-col gap-1 rounded-lg border bg-card p-4 text-card-foreground shadow-xs",
    href &&
      "transition-colors hover:border-input hover:bg-accent/50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
    className,
  );
  if (href) {
    return (
      <Link data-slot="stat" href={href} className={classes} {...props}>
        {body}
      </Link>
    );
  }
  return (
    <div data-slot="stat" className={classes} {...props}>
      {body}
    </div>
  );
}

export { Stat, type StatProps };
