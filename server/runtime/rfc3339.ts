// RFC 3339 times as Go's time.Time reads them ("2026-12-03T10:00:00.123456789+01:00", T and Z in either case):
// the one parser of the webapi's time fields and of keyset paging cursors.
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

export type Rfc3339Time = {
  // The whole seconds, in UTC.
  utcSeconds: Date;
  // The digits after the decimal point, as written (Go keeps nanoseconds, PostgreSQL microseconds, Date ms).
  fraction: string;
  // The writer's offset from UTC, so that a time can be written back in the writer's zone.
  offsetMinutes: number;
};

// Null for anything else, out-of-range fields too (February 30 and hour 24, which Date would roll over).
export function parseRfc3339(s: string): Rfc3339Time | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [, date, time, fraction = "", sign, hours, minutes] = m;
  const wall = new Date(`${date}T${time}Z`);
  if (Number.isNaN(wall.getTime()) || wall.toISOString().slice(0, 19) !== `${date}T${time}`) return null;
  const offsetMinutes = sign ? (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0;
  return { utcSeconds: new Date(wall.getTime() - offsetMinutes * 60_000), fraction, offsetMinutes };
}

// The instant to the millisecond a Date holds, the rest of the fraction cut.
export function rfc3339Instant(t: Rfc3339Time): Date {
  return new Date(t.utcSeconds.getTime() + Number(t.fraction.padEnd(3, "0").slice(0, 3)));
}
