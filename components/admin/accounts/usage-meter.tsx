// Usage against a limit: "12 / 1,000" with a bar that turns amber past 80 % and red at the limit. Without a
// limit, only the number.
import { cn } from "@/components/ui/cn";

const count = (n: number) => n.toLocaleString("en-US");

export function UsageMeter({ used, limit, format = count, label }: { used: number; limit?: number; format?: (n: number) => string; label: string }) {
  if (limit === undefined) return <span className="tabular-nums">{format(used)}</span>;
  const share = limit > 0 ? Math.min(used / limit, 1) : 1;
  return (
    <div className="flex min-w-28 flex-col gap-1">
      <span className="text-sm tabular-nums">
        {format(used)} <span className="text-muted-foreground">/ {format(limit)}</span>
      </span>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={limit}
        aria-valuenow={Math.min(used, limit)}
        aria-valuetext={`${format(used)} of ${format(limit)}`}
        className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className={cn("h-full rounded-full bg-primary", share >= 0.8 && "bg-warning", share >= 1 && "bg-destructive")} style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
