// Which queued or retired webhooks an admin operation or listing applies to, and in which order (spec 2.7):
// HookFilter and HookRetiredFilter with their sorts, as input schemas and as SQL. Time filters and keyset
// pagination work as for the message queue (spec 3.6).
import { z } from "zod";
import { id } from "../listing/id";
import { buildOrder, sortFields } from "../listing/keyset";
import { addParam, type SqlOrdered, type SqlWhere } from "../listing/sql";
import { timeConditions, timeFilter, type TimeCondition } from "../listing/time-filter";
import { OUTGOING_EVENTS } from "./outgoing-events";

// "incoming" selects the incoming-message hooks; an event name the outgoing hooks of that event.
const event = z.enum(["", "incoming", ...OUTGOING_EVENTS]);

const commonFields = {
  // 0: no limit.
  max: z.int().min(0).optional(),
  ids: z.array(id).optional(),
  account: z.string().optional(),
  // "<D" or ">D", D a Go duration or "now", relative to now.
  submitted: timeFilter.optional(),
  event: event.optional(),
};

export const hookFilterSchema = z.strictObject({ ...commonFields, nextAttempt: timeFilter.optional() });
export const hookRetiredFilterSchema = z.strictObject({ ...commonFields, lastActivity: timeFilter.optional() });
export const hookSortSchema = z.strictObject({ field: z.enum(["", "NextAttempt", "Submitted"]).optional(), ...sortFields });
export const hookRetiredSortSchema = z.strictObject({ field: z.enum(["", "LastActivity", "Submitted"]).optional(), ...sortFields });

export type HookFilter = z.output<typeof hookFilterSchema>;
export type HookRetiredFilter = z.output<typeof hookRetiredFilterSchema>;
export type HookSort = z.output<typeof hookSortSchema>;
export type HookRetiredSort = z.output<typeof hookRetiredSortSchema>;

const QUEUED = { sortColumns: { NextAttempt: `"nextAttempt"`, Submitted: `"submitted"` }, defaultSort: "NextAttempt" };
const RETIRED = { sortColumns: { LastActivity: `"lastActivity"`, Submitted: `"submitted"` }, defaultSort: "LastActivity" };

function where(f: z.output<z.ZodObject<typeof commonFields>>, time: TimeCondition, now: Date, params: unknown[]): SqlWhere {
  const conditions: string[] = [];
  if (f.ids?.length) conditions.push(`"id" = ANY(${addParam(params, f.ids.map(String))}::bigint[])`);
  if (f.account) conditions.push(`"account" = ${addParam(params, f.account)}`);
  if (f.event === "incoming") conditions.push(`"isIncoming"`);
  else if (f.event) conditions.push(`"outgoingEvent" = ${addParam(params, f.event)}`);
  conditions.push(...timeConditions([["submitted", `"submitted"`, f.submitted], time], now, params));
  return { where: conditions.join(" AND ") || "TRUE", params };
}

// Conditions on "Webhook"; parameters are appended to params, so callers can put their own first.
export function hookWhere(f: HookFilter, now: Date, params: unknown[] = []): SqlWhere {
  return where(f, ["nextAttempt", `"nextAttempt"`, f.nextAttempt], now, params);
}

export function hookListSql(f: HookFilter, sort: HookSort, now: Date): SqlOrdered {
  return buildOrder(QUEUED, sort, hookWhere(f, now));
}

export function hookRetiredListSql(f: HookRetiredFilter, sort: HookRetiredSort, now: Date): SqlOrdered {
  return buildOrder(RETIRED, sort, where(f, ["lastActivity", `"lastActivity"`, f.lastActivity], now, []));
}
