import { randomBytes } from "node:crypto";

const VALID = /^[A-Za-z0-9._:-]{1,64}$/;

// A caller's X-Request-Id is kept when it is sane, so one id follows a request across proxies and logs.
export function requestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && VALID.test(value) ? value : randomBytes(9).toString("base64url");
}
