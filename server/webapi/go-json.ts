// Request decoding with the semantics of Go's encoding/json, which mox clients rely on: object keys match field
// names case-insensitively (an exact match wins), unknown keys are an error, and a missing key or a null takes
// the field's zero value ("" / 0 / false / [] / {}), except for pointer fields, which stay null.
import { parseRfc3339, rfc3339Instant } from "../runtime/rfc3339";
import { z } from "zod";

type Shape = Record<string, z.ZodType>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Renames keys to the field names of the shape. Unknown keys are reported; nulls are dropped so that defaults
// apply. Only the shape's own field names are ever assigned, so a "__proto__" key cannot reach a prototype.
function canonicalKeys(fields: string[]) {
  const byLower = new Map(fields.map((f) => [f.toLowerCase(), f]));
  return (input: unknown, ctx: z.RefinementCtx) => {
    if (!isPlainObject(input)) return input;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(input)) {
      const field = fields.includes(key) ? key : byLower.get(key.toLowerCase());
      if (field === undefined) {
        ctx.addIssue({ code: "custom", message: `json: unknown field ${JSON.stringify(key)}` });
        continue;
      }
      if (value !== null) out[field] = value;
    }
    return out;
  };
}

// Strict, though canonicalKeys already refused unknown keys: so the JSON Schema generated from it says so too.
export function goStruct<S extends Shape>(shape: S) {
  return z.preprocess(canonicalKeys(Object.keys(shape)), z.strictObject(shape));
}

export const goString = () => z.string().default("");
export const goBool = () => z.boolean().default(false);
// Safe integers only: a larger id cannot name a row, and must not reach the database as a bad bigint.
export const goInt = () => z.int().default(0);
export const goSlice = <T extends z.ZodType>(item: T) => z.array(item).default([]);
export const goStringMap = () =>
  z
    .record(z.string(), z.string().nullable())
    .default({})
    .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v ?? ""])));

// RFC 3339 as Go's time.Time accepts it. The offset is kept so a Date header is written in the sender's zone.
export type GoTime = { instant: Date; offsetMinutes: number };

export const goTime = () =>
  z
    .string()
    .meta({ format: "date-time" })
    .transform((s, ctx): GoTime => {
      const t = parseRfc3339(s);
      if (!t) {
        ctx.addIssue({ code: "custom", message: `parsing time ${JSON.stringify(s)} as RFC 3339` });
        return z.NEVER;
      }
      return { instant: rfc3339Instant(t), offsetMinutes: t.offsetMinutes };
    })
    .nullable()
    .default(null);

// "To[0].Address: expected string" style, for the protocol error message.
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}
