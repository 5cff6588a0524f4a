import * as React from "react";

import { cn } from "./cn";

type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** An icon component (`icon={InboxIcon}`) or element (`icon={<InboxIcon />}`). */
  icon?: React.ElementType<{ className?: string }> | React.ReactNode;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** A button or link, e.g. `<Button size="sm">Add domain</Button>`. */
  action?: React.ReactNode;
};

function isComponent(icon: unknown): icon is React.ElementType<{ className?: string }> {
  return (
    typeof icon === "function" ||
    (typeof icon === "object" && icon !== null && "$$typeof" in icon && !React.isValidElement(icon))
  );
}

/** What a list or page shows when it has nothing yet: an icon, a title, a line of help and an action. */
function EmptyState({ icon, title, description, action, className, children, ...props }: EmptyStateProps) {
  let iconNode: React.ReactNode = null;
  if (isComponent(icon)) {
    const Icon = icon;
    iconNode = <Icon className="size-5" aria-hidden="true" />;
  } else if (icon) {
    iconNode = icon;
  }
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-3 rounded-lg border border-dashed px-6 py-10 text-center",
        className,
      )}
      {...props}
    >
      {iconNode ? (
        <div
          data-slot="empty-state-icon"
          className="flex size-10 items-center justify-center rounded-md border bg-muted text-muted-foreground [&_svg:not([class*='size-'])]:size-5"
        >
          {iconNode}
        </div>
      ) : null}
      <div className="flex max-w-sm flex-col gap-1">
        <p data-slot="empty-state-title" className="text-sm font-semibold text-foreground">
          {title}
        </p>
        {description ? (
          <p data-slot="empty-state-description" className="text-sm text-balance text-muted-foreground">
            {description}
          </p>
        ) : null}
      </div>
      {action ? <div data-slot="empty-state-action" className="mt-1 flex flex-wrap items-center justify-center gap-2">{action}</div> : null}
      {children}
    </div>
  );
}

export { EmptyState, type EmptyStateProps };
