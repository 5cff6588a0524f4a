"use client";
// "in 7 min", "3 h ago", with the absolute time on hover. The server renders the absolute time; the relative
// one appears after mount (no hydration mismatch) and stays current.
import { formatDistanceToNowStrict } from "date-fns";
import { useEffect, useState } from "react";

export function RelativeTime({ date }: { date: Date | string | null | undefined }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  if (!date) return <span className="text-muted-foreground">—</span>;
  const d = typeof date === "string" ? new Date(date) : date;
  if (Number.isNaN(d.getTime())) return <span className="text-muted-foreground">—</span>;
  const absolute = d.toLocaleString();
  const text = now === null ? absolute : Math.abs(d.getTime() - now) < 5_000 ? "just now" : formatDistanceToNowStrict(d, { addSuffix: true });
  return (
    <time dateTime={d.toISOString()} title={absolute} className="whitespace-nowrap">
      {text}
    </time>
  );
}
