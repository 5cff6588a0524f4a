// SuppressionList, SuppressionAdd, SuppressionRemove and SuppressionPresent (spec 1.6, 5).
import { parseAddress } from "../address/parse";
import type { Actor } from "../audit/audit-log";
import type { Suppression } from "../db/generated/client";
import { addSuppression, findSuppression, listSuppressions, removeSuppression } from "../suppression/suppressions";
import type { WebapiContext } from "./context";

function toJson(s: Suppression) {
  return {
    ID: s.id,
    Created: s.created.toISOString(),
    Account: s.account,
    BaseAddress: s.baseAddress,
    OriginalAddress: s.originalAddress,
    Manual: s.manual,
    Reason: s.reason,
  };
}

export async function suppressionList(ctx: WebapiContext) {
  return { Suppressions: (await listSuppressions(ctx.db, ctx.account.name)).map(toJson) };
}

// A change made with an API key says which key, so the audit log tells the account's applications apart.
const actorOf = (ctx: WebapiContext): Actor => ({ surface: "webapi", name: ctx.apiKey ? `${ctx.loginAddress} (API key ${ctx.apiKey.name})` : ctx.loginAddress, ip: ctx.remoteIp });

export async function suppressionAdd(ctx: WebapiContext, req: { EmailAddress: string; Manual: boolean; Reason: string }) {
  const address = parseAddress(req.EmailAddress);
  await addSuppression(ctx.db, actorOf(ctx), { account: ctx.account.name, address, manual: req.Manual, reason: req.Reason });
  return {};
}

export async function suppressionRemove(ctx: WebapiContext, req: { EmailAddress: string }) {
  await removeSuppression(ctx.db, actorOf(ctx), ctx.account.name, parseAddress(req.EmailAddress));
  return {};
}

export async function suppressionPresent(ctx: WebapiContext, req: { EmailAddress: string }) {
  return { Present: (await findSuppression(ctx.db, ctx.account.name, parseAddress(req.EmailAddress))) !== null };
}
