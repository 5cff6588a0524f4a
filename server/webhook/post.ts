// One webhook HTTP request (spec 2.2): a POST of the exact payload with mox's headers. Only status 200 is
// success; any other status, a transport error or the timeout is a failure with mox's error texts. At most
// 512 bytes of the response are kept.
import { STATUS_CODES } from "node:http";
import { Agent, interceptors, request, type Dispatcher } from "undici";
import { errorText } from "../errors";
import { hookHeaders } from "./request-headers";

export { USER_AGENT } from "./request-headers";
export const RESPONSE_KEEP_BYTES = 512;
// Reading stops here; the rest of a large response is not worth the wait.
const RESPONSE_READ_LIMIT = 64 * 1024;

export type HookRequest = {
  id: bigint;
  attempt: number;
  url: string;
  authorization: string;
  payload: string;
  // The X-Mailroom-Signature value (signWebhook); empty: no signature header.
  signature: string;
  timeoutMs: number;
};

// error is "" on success.
export type HookResponse = { code: number; response: string; error: string };

// Keep-alive connections to the receivers, and redirects followed as Go's client does (at most 10). No cap on
// connections per host: many URLs on one host are posted to side by side, and a request queued behind a cap
// would spend its timeout before it is even sent. The worker's concurrency bounds them.
export function createHookDispatcher(): Dispatcher {
  return new Agent({ keepAliveTimeout: 5_000 }).compose(interceptors.redirect({ maxRedirections: 10 }));
}

// For one-off requests (the test buttons) from a process without webhook connections of its own.
export async function withHookDispatcher<T>(use: (dispatcher: Dispatcher) => Promise<T>): Promise<T> {
  const dispatcher = createHookDispatcher();
  try {
    return await use(dispatcher);
  } finally {
    await dispatcher.close();
  }
}

export async function postHook(dispatcher: Dispatcher, req: HookRequest): Promise<HookResponse> {
  const headers = hookHeaders(req);
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await request(req.url, { method: "POST", headers, body: req.payload, dispatcher, signal });
    const response = await readStart(res.body);
    return { code: res.statusCode, response, error: res.statusCode === 200 ? "" : statusError(res.statusCode) };
  } catch (err) {
    if (signal.aborted) return { code: 0, response: "", error: `http transact: no response within ${req.timeoutMs / 1000}s` };
    return { code: 0, response: "", error: `http transact: ${transportError(err)}` };
  }
}

// As Go's client words it: http status "500 Internal Server Error", expected 200 ok.
function statusError(code: number): string {
  return `http status ${JSON.stringify(`${code} ${STATUS_CODES[code] ?? ""}`.trim())}, expected 200 ok`;
}

async function readStart(body: Dispatcher.ResponseData["body"]): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size < RESPONSE_KEEP_BYTES) chunks.push(buf);
    size += buf.length;
    if (size >= RESPONSE_READ_LIMIT) {
      body.destroy();
      break;
    }
  }
  return utf8Prefix(Buffer.concat(chunks), RESPONSE_KEEP_BYTES);
}

// At most max bytes, not ending inside a UTF-8 sequence.
export function utf8Prefix(buf: Buffer, max: number): string {
  if (buf.length <= max) return buf.toString("utf8");
  let end = max;
  // Back up over continuation bytes to the start of the cut sequence, and drop it.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString("utf8");
}

// undici wraps the socket error; its cause names what went wrong ("connect ECONNREFUSED 127.0.0.1:9").
function transportError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return cause instanceof Error && cause.message ? cause.message : errorText(cause);
}
