const BINARY_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;
const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"] as const;

export type FormatBytesOptions = {
  /** Powers of 1000 (kB, MB, as disks count) instead of 1024 (KB, MB, as mail clients and quotas do). Default false. */
  decimal?: boolean;
  /** Most fraction digits; default 1 under 10 units ("1.5 MB"), 0 from 10 on ("12 MB"). */
  maximumFractionDigits?: number;
  /** What to return for null, undefined, NaN or infinite input. Default "—". */
  fallback?: string;
};

/**
 * Human-readable size: formatBytes(0) → "0 B", 1536 → "1.5 KB", 12_582_912 → "12 MB".
 * Accepts numbers and bigints (Prisma BigInt columns); negatives keep their sign.
 */
export function formatBytes(bytes: number | bigint | null | undefined, options: FormatBytesOptions = {}): string {
  const { decimal = false, maximumFractionDigits, fallback = "—" } = options;
  if (bytes === null || bytes === undefined) return fallback;
  const n = typeof bytes === "bigint" ? Number(bytes) : bytes;
  if (!Number.isFinite(n)) return fallback;

  const base = decimal ? 1000 : 1024;
  const units = decimal ? DECIMAL_UNITS : BINARY_UNITS;
  const abs = Math.abs(n);
  let exponent = abs < 1 ? 0 : Math.min(Math.floor(Math.log(abs) / Math.log(base)), units.length - 1);
  let value = abs / base ** exponent;
  const digits = (v: number) => maximumFractionDigits ?? (exponent === 0 || v >= 10 ? 0 : 1);

  // 1023.96 KB would print as "1024 KB": move up a unit instead.
  if (Number(value.toFixed(digits(value))) >= base && exponent < units.length - 1) {
    exponent += 1;
    value = abs / base ** exponent;
  }
  const text = new Intl.NumberFormat("en-US", { maximumFractionDigits: digits(value) }).format(value);
  return `${n < 0 ? "-" : ""}${text} ${units[exponent]}`;
}
