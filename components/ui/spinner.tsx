import { Loader2 } from "lucide-react";
import { cn } from "./cn";

export function Spinner({ className, label = "Loading" }: { className?: string; label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2">
      <Loader2 className={cn("size-5 motion-safe:animate-spin", className)} aria-hidden />
      <span className="sr-only">{label}</span>
    </span>
  );
}
