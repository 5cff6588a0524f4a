import { AppError } from "../errors";

const UNITS_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, "μs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_TERM = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
// Go durations are int64 nanoseconds.
const MAX_DURATION_MS = 2 ** 63 / 1e6;

// A Go duration (time.ParseDuration) in milliseconds: "1h30m", "-30m", "1.5h", "300ms", "0".
export function parseGoDuration(s: string): number {
  const sign = s.startsWith("-") ? -1 : 1;
  const unsigned = s.replace(/^[-+]/, "");
  if (unsigned === "0") return 0;
  if (!DURATION.test(unsigned)) throw new AppError("user", `invalid duration ${JSON.stringify(s)}: use e.g. 1h, -30m, 1h30m, 1.5h or 300ms`);
  const ms = [...unsigned.matchAll(DURATION_TERM)].reduce((sum, m) => sum + Number(m[1]) * UNITS_MS[m[2]!]!, 0);
  if (ms >= MAX_DURATION_MS) throw new AppError("user", `invalid duration ${JSON.stringify(s)}: too large`);
  return sign * ms;
}
