// The account page's "Test" buttons (spec 11.4): one POST of an edited sample payload to a URL, with
// X-Mox-Webhook-ID 1 and attempt 1 and the JSON indented for reading, signed as the account's real requests
// are. Whatever the HTTP status, the caller gets the status, the start of the response and the error text,
// and the signature with the string it signs, to debug a receiver's check; nothing is queued or retried.
import type { Dispatcher } from "undici";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { Clock } from "../runtime/clock";
import { goJsonStringify } from "./payload-json";
import { postHook, type HookResponse } from "./post";
import { activeSigningSecrets, signedString, signWebhook, unixSeconds } from "./signature";
import type { WebhookTest } from "./test-schema";

export { outgoingPayloadSchema, sampleIncomingPayload, sampleOutgoingPayload, webhookTestSchema, type WebhookTest } from "./test-schema";

export type WebhookTestDeps = { db: Db; clock: Clock; dispatcher: Dispatcher; timeoutMs: number };

type WithSavedAuthorization<T> = T extends unknown ? Omit<T, "authorization"> & { authorization?: string } : never;
// Authorization undefined: the one saved for that webhook, which the page never sees.
export type WebhookTestInput = WithSavedAuthorization<WebhookTest>;

// With the signature header sent ("" when the account does not sign) and the string it was computed over.
export type WebhookTestResult = HookResponse & { signature: string; signedString: string };

export async function testWebhookWithSignature(deps: WebhookTestDeps, account: string, test: WebhookTestInput): Promise<WebhookTestResult> {
  if (!test.url) throw new AppError("user", "give a webhook URL to test", "url");
  const found = await deps.db.account.findUnique({ where: { name: account } });
  if (!found) throw new AppError("unknownAccount", `account ${account} does not exist`);
  const saved = test.kind === "outgoing" ? found.outgoingWebhookAuthorization : found.incomingWebhookAuthorization;
  const payload = goJsonStringify(test.payload, "\t");
  const now = deps.clock.now();
  const signature = signWebhook(activeSigningSecrets(found, now), payload, now);
  const response = await postHook(deps.dispatcher, { id: 1n, attempt: 1, url: test.url, authorization: test.authorization ?? saved, payload, signature, timeoutMs: deps.timeoutMs });
  return { ...response, signature, signedString: signature ? signedString(unixSeconds(now), payload) : "" };
}

// The outcome alone, as the CLI prints it.
export async function testWebhook(deps: WebhookTestDeps, account: string, test: WebhookTestInput): Promise<HookResponse> {
  const r = await testWebhookWithSignature(deps, account, test);
  return { code: r.code, response: r.response, error: r.error };
}
