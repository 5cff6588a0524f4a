import Link from "next/link";
import type { ReactNode } from "react";

// A dashboard counter; with href the whole card links to the list behind the number.
export function Stat({ label, value, hint, href }: { label: string; value: ReactNode; hint?: string; href?: string }) {
  const body = (
    <>
      <span className="text-xs font-medium text-muted-foreground">{label}</span>
      <span className="text-2xl font-semibold tabular-nums">{value}</span>
      {hint && <span className="text-xs text-muted-foreground">{hint}</span>}
    </>
  );
  const cls = "flex flex-col gap-1 rounded-lg border bg-card p-4 shadow-xs";
  return href ? (
    <Link href={href} className={`${cls} outline-none hover:border-primary/50 focus-visible:ring-2 focus-visible:ring-ring`}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}
