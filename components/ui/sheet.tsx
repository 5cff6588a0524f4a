"use client";
import { X } from "lucide-react";
import { Dialog as P } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export const Sheet = P.Root;
export const SheetTrigger = P.Trigger;
export const SheetClose = P.Close;

// A panel from the right; full width on phones.
export function SheetContent({ className, children, ...props }: ComponentProps<typeof P.Content>) {
  return (
    <P.Portal>
      <P.Overlay className="fixed inset-0 z-50 bg-black/50 motion-safe:animate-fade-in" />
      <P.Content
        className={cn("fixed inset-y-0 right-0 z-50 flex h-full w-full flex-col gap-4 border-l bg-background shadow-lg motion-safe:animate-slide-in sm:max-w-md", className)}
        {...props}
      >
        {children}
        <P.Close className="absolute top-3 right-3 rounded-md p-1 opacity-70 outline-none hover:opacity-100 focus-visible:ring-2 focus-visible:ring-ring">
          <X className="size-4" aria-hidden />
          <span className="sr-only">Close</span>
        </P.Close>
      </P.Content>
    </P.Portal>
  );
}
export function SheetHeader({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-1.5 p-4 pr-10", className)} {...props} />;
}
export function SheetTitle({ className, ...props }: ComponentProps<typeof P.Title>) {
  return <P.Title className={cn("font-semibold", className)} {...props} />;
}
export function SheetDescription({ className, ...props }: ComponentProps<typeof P.Description>) {
  return <P.Description className={cn("text-sm break-words text-muted-foreground", className)} {...props} />;
}
