// Administration of hold rules (spec 4). Adding a rule holds the queued messages it matches; removing one
// releases nothing, an admin releases messages with queueHoldSet.
import { parseDomain } from "../address/domain";
import { audited, type Actor } from "../audit/audit-log";
import { prismaLikeTypes, sqlPool } from "../db/client";
import type { HoldRule } from "../db/generated/client";
import { AppError } from "../errors";
import type { QueueAdminDeps } from "./admin";

export type NewHoldRule = { account: string; senderDomain: string; recipientDomain: string };

const RULE_COLUMNS = `"id", "account", "senderDomain", "recipientDomain", "senderDomainStr", "recipientDomainStr", "createdAt"`;

export async function holdRuleList(deps: Pick<QueueAdminDeps, "db">): Promise<HoldRule[]> {
  const { rows } = await sqlPool(deps.db).query<HoldRule>({
    text: `SELECT ${RULE_COLUMNS} FROM "HoldRule" ORDER BY "id"`,
    types: prismaLikeTypes,
  });
  return rows;
}

const domainNames = (s: string) => (s.trim() ? parseDomain(s) : { ascii: "", unicode: "" });

// For messages already queued all set fields must match (AND), while new messages are held when any set field
// matches (hold-rules.ts). This mirrors mox (spec 13 quirk 5): a rule for an account and a domain holds only
// that account's queued mail to the domain, yet from then on all new mail to the domain.
export async function holdRuleAdd(deps: QueueAdminDeps, actor: Actor, rule: NewHoldRule): Promise<HoldRule> {
  const sender = domainNames(rule.senderDomain);
  const recipient = domainNames(rule.recipientDomain);
  const { held, ...added } = await audited(deps.db, actor, "holdRule.add", async (tx) => {
    const rows = await tx.$queryRawUnsafe<(HoldRule & { held: number })[]>(
      `WITH rule AS (
       INSERT INTO "HoldRule" ("account", "senderDomain", "recipientDomain", "senderDomainStr", "recipientDomainStr", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RULE_COLUMNS}
     ), held AS (
       UPDATE "QueueMessage" SET "hold" = true
       WHERE NOT "hold" AND ($1 = '' OR "senderAccount" = $1) AND ($4 = '' OR "senderDomainStr" = $4)
         AND ($5 = '' OR "recipientDomainStr" = $5)
       RETURNING 1
     )
     SELECT rule.*, (SELECT count(*)::int FROM held) AS held FROM rule`,
      rule.account.trim(),
      sender.ascii,
      recipient.ascii,
      sender.unicode,
      recipient.unicode,
      deps.clock.now(),
    );
    const row = rows[0]!;
    return { result: row, target: `hold rule ${row.id}`, after: { ...ruleRecord(row), heldNow: row.held } };
  });
  if (held > 0) await deps.kick();
  return added;
}

export async function holdRuleRemove(deps: Pick<QueueAdminDeps, "db">, actor: Actor, id: number): Promise<void> {
  await audited(deps.db, actor, "holdRule.remove", async (tx) => {
    const rows = await tx.$queryRawUnsafe<HoldRule[]>(`DELETE FROM "HoldRule" WHERE "id" = $1 RETURNING ${RULE_COLUMNS}`, id);
    if (!rows[0]) throw new AppError("user", `no hold rule with id ${id}`);
    return { result: undefined, target: `hold rule ${id}`, before: ruleRecord(rows[0]) };
  });
}

const ruleRecord = (r: HoldRule) => ({ account: r.account, senderDomain: r.senderDomainStr, recipientDomain: r.recipientDomainStr });
