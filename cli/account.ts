// `mailroom account ...`: accounts and their settings.
import { CLI_ACTOR } from "../server/audit/audit-log";
import type { Db } from "../server/db/client";
import { accountAdd, accountGet, setLimits } from "../server/provision/account-admin";
import { systemClock } from "../server/runtime/clock";
import { accountRefSchema, formatSize, limitsSchema } from "../server/trpc/admin/account-schemas";
import { arg, asNumber, stringFlag, usageError, type Flags, type Noun, type Output } from "./command";
import { passwordSchema } from "./password";

const USAGE = `  account add <name> <address> [--full-name N] [--password P]
  account limits <name> [--max-outgoing-messages-per-day N] [--max-first-time-recipients-per-day N] [--quota 500MB]
                                   shows the send limits and the last 24 hours' use; flags change them (quota 0: none)
`;

export const accountNoun: Noun = {
  name: "account",
  usage: USAGE,
  options: {
    "full-name": { type: "string" },
    password: { type: "string" },
    "max-outgoing-messages-per-day": { type: "string" },
    "max-first-time-recipients-per-day": { type: "string" },
    quota: { type: "string" },
  },
  async run({ db, sub, args, flags }) {
    switch (sub) {
      case "add": {
        const name = arg(args, 0, "account name");
        const address = arg(args, 1, "address");
        const given = stringFlag(flags, "password");
        const password = given === undefined ? undefined : passwordSchema.parse(given);
        const added = await accountAdd(db, CLI_ACTOR, { name, address, fullName: stringFlag(flags, "full-name"), password });
        return { text: `created account ${name} with address ${address}${password ? "" : " (no password yet: mailroom password set)"}`, json: added };
      }
      case "limits":
        return limits(db, args[0] ?? "", flags);
      default:
        throw usageError(`unknown account command ${JSON.stringify(sub)}`);
    }
  },
};

// Flags not given keep their current value, so one limit changes without restating the others.
async function limits(db: Db, account: string, flags: Flags): Promise<Output> {
  const { name } = accountRefSchema.parse({ name: account });
  const current = (await accountGet(db, name, systemClock.now())).limits;
  const changes = {
    maxOutgoingMessagesPerDay: asNumber(stringFlag(flags, "max-outgoing-messages-per-day")),
    maxFirstTimeRecipientsPerDay: asNumber(stringFlag(flags, "max-first-time-recipients-per-day")),
    quota: stringFlag(flags, "quota"),
  };
  if (Object.values(changes).some((v) => v !== undefined)) {
    const input = limitsSchema.parse({
      name,
      maxOutgoingMessagesPerDay: changes.maxOutgoingMessagesPerDay ?? current.maxOutgoingMessagesPerDay,
      maxFirstTimeRecipientsPerDay: changes.maxFirstTimeRecipientsPerDay ?? current.maxFirstTimeRecipientsPerDay,
      quota: changes.quota ?? String(current.quota),
    });
    await setLimits(db, CLI_ACTOR, input);
  }
  const { limits: now, usage } = await accountGet(db, name, systemClock.now());
  const text = [
    `max-outgoing-messages-per-day\t${now.maxOutgoingMessagesPerDay}\t${usage.messagesToday} sent in the last 24 hours`,
    `max-first-time-recipients-per-day\t${now.maxFirstTimeRecipientsPerDay}\t${usage.firstTimeRecipientsToday} in the last 24 hours`,
    `quota\t${now.quota ? formatSize(now.quota) : "0 (none)"}\t${formatSize(usage.storageUsed)} stored`,
  ].join("\n");
  return { text, json: { account: name, limits: now, usage } };
}
