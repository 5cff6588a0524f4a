import { randomBytes } from "node:crypto";

// A fromid makes each recipient's envelope sender unique, so a DSN can be matched to the message it is about
// (spec 6): 16 random bytes as 22 characters of base64url.
export function newFromId(): string {
  return randomBytes(16).toString("base64url");
}
