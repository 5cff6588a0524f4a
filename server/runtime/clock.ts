// The time source of the queues. Production uses the system clock; tests drive a settable one through a
// whole retry schedule without waiting.
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function settableClock(start: Date): Clock & { set(t: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (t) => {
      current = t.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
