"use client";

import * as React from "react";
import { CheckIcon, CopyIcon } from "lucide-react";

import { Button, type ButtonProps } from "./button";
import { cn } from "./cn";

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-HTTP installs (no secure context) have no Clipboard API: fall back to a hidden textarea.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand("copy")) throw new Error("copy command refused");
  } finally {
    area.remove();
  }
}

type CopyButtonProps = Omit<ButtonProps, "value" | "onCopy" | "asChild"> & {
  /** The text put on the clipboard. */
  value: string;
  /** Accessible name (and tooltip title). Default "Copy to clipboard". */
  label?: string;
  /** Called after a successful copy. */
  onCopied?: (value: string) => void;
};

/**
 * An icon button that copies `value`, shows a check for 1.5 s and announces "Copied" to screen readers.
 * Pass children to show a text label next to the icon.
 */
function CopyButton({
  value,
  label = "Copy to clipboard",
  onCopied,
  variant = "ghost",
  size,
  className,
  children,
  onClick,
  ...props
}: CopyButtonProps) {
  const [state, setState] = React.useState<"idle" | "copied" | "failed">("idle");
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  React.useEffect(() => () => clearTimeout(timer.current), []);

  async function handleClick(event: React.MouseEvent<HTMLButtonElement>) {
    onClick?.(event);
    if (event.defaultPrevented) return;
    clearTimeout(timer.current);
    try {
      await copyText(value);
      setState("copied");
      onCopied?.(value);
    } catch {
      setState("failed");
    }
    timer.current = setTimeout(() => setState("idle"), 1500);
  }

  const Icon = state === "copied" ? CheckIcon : CopyIcon;
  return (
    <Button
      type="button"
      variant={variant}
      size={size ?? (children ? "sm" : "icon")}
      aria-label={children ? undefined : label}
      title={label}
      data-state={state}
      className={cn(!children && !size && "size-7", "data-[state=copied]:text-success", className)}
      onClick={handleClick}
      {...props}
    >
      <Icon aria-hidden="true" className="size-3.5" />
      {children}
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : ""}
      </span>
    </Button>
  );
}

export { CopyButton, type CopyButtonProps };
