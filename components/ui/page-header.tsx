import * as React from "react";

import { cn } from "./cn";

type PageHeaderProps = Omit<React.ComponentProps<"div">, "title"> & {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Buttons on the right (below the title on phones). */
  actions?: React.ReactNode;
  /** Rendered above the title, e.g. breadcrumbs or a back link. */
  eyebrow?: React.ReactNode;
};

/** The top of a page: an <h1>, a line of description and the page's actions. */
function PageHeader({ title, description, actions, eyebrow, className, children, ...props }: PageHeaderProps) {
  return (
    <div
      data-slot="page-header"
      className={cn("flex flex-col gap-3 pb-5 sm:flex-row sm:items-start sm:justify-between", className)}
      {...props}
    >
      <div className="flex min-w-0 flex-col gap-1">
        {eyebrow ? <div className="text-[0.8125rem] text-muted-foreground">{eyebrow}</div> : null}
        <h1 className="truncate text-xl leading-7 font-semibold tracking-tight">{title}</h1>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        {children}
      </div>
      {actions ? (
        <div data-slot="page-header-actions" className="flex shrink-0 flex-wrap items-center gap-2">
          {actions}
        </div>
      ) : null}
    </div>
  );
}

export { PageHeader, type PageHeaderProps };
