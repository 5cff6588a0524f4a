// When a webhook is tried again (spec 2.3): after 1m, 2m, 4m, 7.5m, 15m, 30m, 1h, 2h, 4h, 8h and 16h, each
// with ±1% jitter, so a hook gets 12 attempts over about 32 hours.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const HOOK_INTERVALS_MS = [MINUTE, 2 * MINUTE, 4 * MINUTE, 7.5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR];

// The first attempt and one after each interval.
export const HOOK_MAX_ATTEMPTS = HOOK_INTERVALS_MS.length + 1;

// Only an admin's schedule change gets a hook past the table; the retry after that waits twice the last step.
export const HOOK_INTERVAL_BEYOND_MS = 2 * HOOK_INTERVALS_MS.at(-1)!;

// A fraction in [-0.01, 0.0099], in steps of 0.0001, as mox draws it.
export function hookJitter(random: () => number = Math.random): number {
  return (Math.floor(random() * 200) - 100) / 10000;
}
