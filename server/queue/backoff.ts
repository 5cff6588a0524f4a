// Delivery retry spacing (spec 3.2): 7.5 minutes doubling per attempt already made, with a few seconds of
// jitter so messages queued together do not retry in lockstep.
const BASE_SECONDS = 450;

// Jitter is a whole number of seconds in [-5, +4], as mox draws it.
export function randomJitterSeconds(): number {
  return Math.floor(Math.random() * 10) - 5;
}

// The next attempt time as SQL, computed in the claiming UPDATE from the attempts made before it.
export function nextAttemptSql(now: string, attempts: string, jitterSeconds: string): string {
  return `${now}::timestamp + make_interval(secs => (${BASE_SECONDS} + ${jitterSeconds}) * power(2, ${attempts}))`;
}
