// Administration of hold rules (spec 4). Adding a rule holds the queued messages it matches; removing one
// releases nothing, an admin releases messages with queueHoldSet.
import { parseDomain } from "../address/domain";
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
export async function holdRuleAdd(deps: QueueAdminDeps, rule: NewHoldRule): Promise<HoldRule> {
  const sender = domainNames(rule.senderDomain);
  const recipient = domainNames(rule.recipientDomain);
  const { rows } = await sqlPool(deps.db).query<HoldRule & { held: number }>({
    text: `WITH rule AS (
       INSERT INTO "HoldRule" ("account", "senderDomain", "recipientDomain", "senderDomainStr", "recipientDomainStr", "createdAt")
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RULE_COLUMNS}
     ), held AS (
       UPDATE "QueueMessage" SET "hold" = true
       WHERE NOT "hold" AND ($1 = '' OR "senderAccount" = $1) AND ($4 = '' OR "senderDomainStr" = $4)
         AND ($5 = '' OR "recipientDomainStr" = $5)
       RETURNING 1
     )
     SELECT rule.*, (SELECT count(*)::int FROM held) AS held FROM rule`,
    values: [rule.account.trim(), sender.ascii, recipient.ascii, sender.unicode, recipient.unicode, deps.clock.now().toISOString()],
    types: prismaLikeTypes,
  });
  const { held, ...added } = rows[0]!;
  if (held > 0) await deps.kick();
  return added;
}

export async function holdRuleRemove(deps: Pick<QueueAdminDeps, "db">, id: number): Promise<void> {
  const { rowCount } = await sqlPool(deps.db).query(`DELETE FROM "HoldRule" WHERE "id" = $1`, [id]);
  if (!rowCount) throw new AppError("user", `no hold rule with id ${id}`);
}
