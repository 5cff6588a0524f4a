"use client";
import { DropdownMenu as P } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export const DropdownMenu = P.Root;
export const DropdownMenuTrigger = P.Trigger;
export const DropdownMenuRadioGroup = P.RadioGroup;

export function DropdownMenuContent({ className, sideOffset = 4, ...props }: ComponentProps<typeof P.Content>) {
  return (
    <P.Portal>
      <P.Content
        sideOffset={sideOffset}
        className={cn("z-50 max-h-[var(--radix-dropdown-menu-content-available-height)] min-w-36 overflow-y-auto rounded-md border bg-popover p-1 text-popover-foreground shadow-md", className)}
        {...props}
      />
    </P.Portal>
  );
}
const item = "relative flex cursor-default items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none select-none focus:bg-accent focus:text-accent-foreground data-[disabled]:opacity-50";
export function DropdownMenuItem({ className, ...props }: ComponentProps<typeof P.Item>) {
  return <P.Item className={cn(item, className)} {...props} />;
}
export function DropdownMenuRadioItem({ className, ...props }: ComponentProps<typeof P.RadioItem>) {
  return <P.RadioItem className={cn(item, "data-[state=checked]:font-semibold", className)} {...props} />;
}
export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof P.Label>) {
  return <P.Label className={cn("px-2 py-1 text-xs font-medium text-muted-foreground", className)} {...props} />;
}
export function DropdownMenuSeparator({ className, ...props }: ComponentProps<typeof P.Separator>) {
  return <P.Separator className={cn("-mx-1 my-1 h-px bg-border", className)} {...props} />;
}
