// An account's own outgoing messages, queued and retired, as one list: found by recipient, Message-ID,
// FromID or an Extra key=value, newest or oldest submitted first, keyset-paged by (submitted, id). Every
// condition applies to both tables with the same parameters; the account condition uses the sender account
// indexes of both, FromID their fromId indexes.
import type { RetiredMessage } from "../db/generated/client";
import { AppError } from "../errors";
import { buildOrder } from "../listing/keyset";
import { listPage } from "../listing/page";
import { addParam } from "../listing/sql";
import { timeConditions } from "../listing/time-filter";
import type { Clock } from "../runtime/clock";
import type { Db } from "../db/client";
import { queueDrop } from "./cancel";
import type { MsgResult } from "./queued-message";
import type { OutcomeDeps } from "./outcome";

export type AccountMessageState = "queued" | "held" | "delivered" | "failed";

export type AccountMessageFilter = {
  // Substring of the recipient address.
  to?: string;
  // With or without the angle brackets.
  messageId?: string;
  fromId?: string;
  // "key=value": Extra holds that pair; "key": Extra has that key.
  extra?: string;
  state?: AccountMessageState;
  // "<D" or ">D" relative to now, as in the admin filters.
  submitted?: string;
};

export type AccountMessageSort = { asc?: boolean; lastId?: bigint; last?: string };

export type AccountMessageRow = Pick<RetiredMessage, "id" | "queued" | "fromId" | "messageIdHeader" | "subject" | "attempts" | "size" | "extra"> & {
  state: "queued" | "retired";
  hold: boolean;
  // null while queued.
  success: boolean | null;
  sender: string;
  recipient: string;
  // Queued: the next attempt; retired: null.
  nextAttempt: Date | null;
  // Queued: the last attempt; retired: when it left the queue (or a DSN about it came in).
  lastActivity: Date | null;
  lastResult: MsgResult | null;
};

const SENDER = `"senderLocalpart" || '@' || "senderDomainStr"`;

const QUEUE_SELECT = (where: string) => `
  SELECT "id", "queued", 'queued' AS "state", "hold", NULL::boolean AS "success", ${SENDER} AS "sender",
         "recipientLocalpart" || '@' || "recipientDomainStr" AS "recipient", "fromId", "messageIdHeader", "subject",
         "attempts", "size", "extra", "nextAttempt", "lastAttempt" AS "lastActivity", "results" -> -1 AS "lastResult"
  FROM "QueueMessage" WHERE ${where}`;

const RETIRED_SELECT = (where: string) => `
  SELECT "id", "queued", 'retired' AS "state", false AS "hold", "success", ${SENDER} AS "sender", "recipientAddress" AS "recipient",
         "fromId", "messageIdHeader", "subject", "attempts", "size", "extra", NULL::timestamp AS "nextAttempt", "lastActivity",
         "results" -> -1 AS "lastResult"
  FROM "RetiredMessage" WHERE ${where}`;

const ORDER = { sortColumns: { Queued: `"queued"` }, defaultSort: "Queued" };

export async function accountMessages(
  deps: { db: Db; clock: Clock },
  account: string,
  filter: AccountMessageFilter,
  sort: AccountMessageSort,
  limit: number,
): Promise<AccountMessageRow[]> {
  const params: unknown[] = [];
  const where = conditions(account, filter, deps.clock.now(), params);
  const branches = [
    inQueue(filter.state) && QUEUE_SELECT(where(`"recipientLocalpart" || '@' || "recipientDomainStr"`, filter.state === "held" ? `"hold"` : "")),
    retired(filter.state) && RETIRED_SELECT(where(`"recipientAddress"`, filter.state ? `${filter.state === "failed" ? "NOT " : ""}"success"` : "")),
  ].filter(Boolean);
  const ordered = buildOrder(ORDER, { ...sort, field: "Queued" }, { where: "TRUE", params });
  return listPage(deps, `* FROM (${branches.join(" UNION ALL ")}) AS "m"`, ordered, limit);
}

const inQueue = (state?: AccountMessageState) => !state || state === "queued" || state === "held";
const retired = (state?: AccountMessageState) => !state || state === "delivered" || state === "failed";

// The filter's conditions as a function of the table's recipient expression (and a condition of its own).
function conditions(account: string, f: AccountMessageFilter, now: Date, params: unknown[]) {
  const p = (value: unknown) => addParam(params, value);
  const shared = [`"senderAccount" = ${p(account)}`];
  if (f.messageId) {
    const bare = f.messageId.replace(/^<|>$/g, "");
    shared.push(`"messageIdHeader" = ANY(${p([bare, `<${bare}>`])}::text[])`);
  }
  if (f.fromId) shared.push(`"fromId" = ${p(f.fromId)}`);
  if (f.extra) shared.push(extraCondition(f.extra, p));
  shared.push(...timeConditions([["submitted", `"queued"`, f.submitted]], now, params));
  const to = f.to ? p(f.to) : null;
  return (recipient: string, own: string) =>
    [...shared, ...(to ? [`strpos(lower(${recipient}), lower(${to})) > 0`] : []), ...(own ? [own] : [])].join(" AND ");
}

// Extra is a JSON object of strings: containment finds the pair.
function extraCondition(term: string, p: (value: unknown) => string): string {
  const eq = term.indexOf("=");
  if (eq < 0) return `"extra" ? ${p(term)}`;
  return `"extra" @> ${p(JSON.stringify({ [term.slice(0, eq)]: term.slice(eq + 1) }))}::jsonb`;
}

// The sender's cancel of one queued message: it leaves the queue as an admin drop does, with no DSN and the
// canceled event. Another account's message, or one gone meanwhile, is not found.
export async function cancelAccountMessage(deps: OutcomeDeps, account: string, id: bigint): Promise<void> {
  const count = await queueDrop(deps, { ids: [id], account }, "sender");
  if (count === 0) throw new AppError("notFound", `message ${id} is not in your queue: it was delivered, failed or canceled meanwhile`);
}
