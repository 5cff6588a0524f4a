// Extra data from SMTP submission (spec 8): each "X-Mox-Extra-<key>: <value>" header adds key = value. Names are
// canonicalised the way Go's net/textproto does (each dash-separated word capitalised) before the prefix test,
// so "x-mox-extra-x-cANONICAL-z" gives key "X-Canonical-Z"; a name with characters outside the token set is
// left as written. The headers stay in the message.
import { AppError } from "../errors";
import { findBodyStart, headerFields } from "./header";

const PREFIX = "X-Mox-Extra-";
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function canonicalHeaderName(name: string): string {
  if (!TOKEN.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

// Throws AppError "duplicateExtra" when a key occurs twice.
export function extraFromHeaders(raw: Buffer): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const f of headerFields(raw, 0, findBodyStart(raw, 0, raw.length), true)) {
    const name = canonicalHeaderName(f.name);
    if (!name.startsWith(PREFIX)) continue;
    const key = name.slice(PREFIX.length);
    if (Object.hasOwn(extra, key)) throw new AppError("duplicateExtra", `duplicate x-mox-extra- key ${JSON.stringify(key)}`);
    extra[key] = f.value;
  }
  return extra;
}
