// Suppressions the system adds by itself after a permanent failure (spec 5), from the queue or from an
// incoming DSN. Only failures with a known SMTP code count.
import type { Address } from "../address/parse";
import type { SqlClient } from "../db/client";
import { baseAddress } from "./base-address";
import { formatAddress } from "../address/parse";

const IMMEDIATE_CODES = new Set([521, 550, 551, 553, 556]);
// Enhanced codes (without the class digit) that say the address itself is bad or refuses us.
const IMMEDIATE_SECODES = new Set(["1.1", "1.2", "1.3", "1.6", "2.1", "7.1"]);

export type FailureForSuppression = {
  account: string;
  recipient: Address;
  code: number;
  secode: string;
  source: "queue" | "DSN";
  // The message that failed (queue and retired ids are the same) and, from the queue, the attempt.
  messageId: bigint;
  attempt: number;
  // Set when the failing message is already among the retired ones (a DSN about it).
  retired?: boolean;
};

// Returns whether this failure added the recipient to the account's list (the webhook's Suppressing).
export async function suppressAfterFailure(sql: SqlClient, f: FailureForSuppression): Promise<boolean> {
  if (f.code === 0) return false;
  const reason = await suppressionReason(sql, f);
  if (!reason) return false;
  const { rowCount } = await sql.query(
    `INSERT INTO "Suppression" ("account", "baseAddress", "originalAddress", "manual", "reason", "source", "queueMsgId", "attempt", "smtpCode", "smtpEnhancedCode")
     VALUES ($1, $2, $3, false, $4, $5, $6, $7, $8, $9)
     ON CONFLICT ("account", "baseAddress") DO NOTHING`,
    [f.account, baseAddress(f.recipient), formatAddress(f.recipient, "unicode"), reason, f.source, f.messageId.toString(), f.attempt, f.code, enhancedCode(f)],
  );
  return rowCount === 1;
}

// The full enhanced code ("5.1.1"): the class digit comes from the SMTP code.
function enhancedCode(f: FailureForSuppression): string {
  return f.secode ? `${Math.floor(f.code / 100)}.${f.secode}` : "";
}

async function suppressionReason(sql: SqlClient, f: FailureForSuppression): Promise<string | null> {
  if (IMMEDIATE_CODES.has(f.code) || (f.code >= 500 && f.code < 600 && IMMEDIATE_SECODES.has(f.secode))) {
    return `delivery failure from ${f.source} with smtp code ${f.code}, enhanced code ${JSON.stringify(f.secode)}`;
  }
  return (await twoPreviousFailed(sql, f)) ? `delivery failure from ${f.source} and three consecutive failures` : null;
}

// The two most recent retired messages to this exact address, from any account, both failed.
async function twoPreviousFailed(sql: SqlClient, f: FailureForSuppression): Promise<boolean> {
  const { rows } = await sql.query<{ success: boolean }>(
    `SELECT "success" FROM "RetiredMessage" WHERE "recipientAddress" = $1 AND "id" <> $2 ORDER BY "lastActivity" DESC, "id" DESC LIMIT 2`,
    [formatAddress(f.recipient, "unicode"), (f.retired ? f.messageId : 0n).toString()],
  );
  return rows.length === 2 && rows.every((r) => !r.success);
}
