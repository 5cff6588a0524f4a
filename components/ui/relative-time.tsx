"use client";

import * as React from "react";
import { differenceInSeconds, format, formatDistanceStrict, isValid, type Locale } from "date-fns";
import { enUS } from "date-fns/locale";

import { cn } from "./cn";

const SHORT_UNITS: Record<string, string> = {
  xSeconds: "s",
  xMinutes: "min",
  xHours: "h",
  xDays: "d",
  xMonths: "mo",
  xYears: "y",
};

/** en-US with short units: "7 min", "3 h", "2 d"; "in 7 min" / "3 h ago" with addSuffix. */
const shortLocale: Locale = {
  ...enUS,
  formatDistance: (token, count, options) => {
    const unit = SHORT_UNITS[token] ?? token;
    const text = `${count} ${unit}`;
    if (!options?.addSuffix) return text;
    return options.comparison !== undefined && options.comparison > 0 ? `in ${text}` : `${text} ago`;
  },
};

function toDate(value: Date | string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return isValid(d) ? d : null;
}

/** "in 7 min", "3 h ago", "just now" for `date` relative to `now`. */
function formatRelative(date: Date, now: Date | number = Date.now()): string {
  const seconds = differenceInSeconds(date, now);
  if (Math.abs(seconds) < 45) return seconds > 0 ? "in a moment" : "just now";
  return formatDistanceStrict(date, now, { addSuffix: true, locale: shortLocale });
}

/** The absolute form shown in the tooltip and before hydration: "Dec 2, 2026, 11:30 PM". */
function formatAbsolute(date: Date): string {
  return format(date, "PP, p");
}

type RelativeTimeProps = Omit<React.ComponentProps<"time">, "children" | "dateTime"> & {
  date: Date | string | number | null | undefined;
  /** Shown when `date` is null/invalid. */
  fallback?: React.ReactNode;
};

/**
 * A timestamp shown relative to now ("in 7 min", "3 h ago"), updated every 30 s, with the absolute time
 * in `title` and a machine-readable `dateTime`. The server (and the first client render) shows the
 * absolute time, so hydration never disagrees about "now"; the relative text appears after mount.
 */
function RelativeTime({ date, fallback = "—", className, ...props }: RelativeTimeProps) {
  const d = toDate(date);
  const [now, setNow] = React.useState<number | null>(null);

  React.useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (!d) {
    return (
      <span data-slot="relative-time" className={cn("text-muted-foreground", className)}>
        {fallback}
      </span>
    );
  }

  const absolute = formatAbsolute(d);
  return (
    <time
      data-slot="relative-time"
      dateTime={d.toISOString()}
      title={absolute}
      // Server and browser may be in different time zones: the absolute text may differ at hydration.
      suppressHydrationWarning
      className={cn("tabular-nums whitespace-nowrap", className)}
      {...props}
    >
      {now === null ? absolute : formatRelative(d, now)}
    </time>
  );
}

export { formatAbsolute, formatRelative, RelativeTime, type RelativeTimeProps };
