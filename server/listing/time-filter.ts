// Time filters of the message and webhook queues (spec 3.6, 2.7): "<D" or ">D", D a Go duration or "now",
// relative to now.
import { z } from "zod";
import { AppError, errorText } from "../errors";
import { parseGoDuration } from "./go-duration";
import { addParam } from "./sql";

export const timeFilter = z.string().superRefine((s, ctx) => {
  if (!s) return;
  try {
    parseTimeFilter("time", s);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: errorText(err) });
  }
});

type TimeBound = { before: boolean; offsetMs: number };

// "<D": strictly before now+D, ">D": strictly after.
function parseTimeFilter(name: string, s: string): TimeBound {
  const op = s[0];
  if (op !== "<" && op !== ">") {
    throw new AppError("user", `${name} filter ${JSON.stringify(s)}: must start with "<" for before or ">" for after now plus a duration`);
  }
  const d = s.slice(1).trim();
  try {
    return { before: op === "<", offsetMs: d === "now" ? 0 : parseGoDuration(d) };
  } catch (err) {
    throw new AppError("user", `${name} filter: ${errorText(err)}`);
  }
}

// Filter name, column, "<D" or ">D".
export type TimeCondition = [string, string, string | undefined];

// Conditions for the set time filters.
export function timeConditions(times: TimeCondition[], now: Date, params: unknown[]): string[] {
  return times.flatMap(([name, column, spec]) => {
    if (!spec) return [];
    const bound = parseTimeFilter(name, spec);
    return [`${column} ${bound.before ? "<" : ">"} ${addParam(params, new Date(now.getTime() + bound.offsetMs).toISOString())}::timestamp`];
  });
}
