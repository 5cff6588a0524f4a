// `mailroom suppression ...`: an account's suppression list (spec 5), as on the admin account page. Entries
// added here are manual; variants of an address (Bounces+x@example.org) are the same entry.
import { parseAddress } from "../server/address/parse";
import { CLI_ACTOR } from "../server/audit/audit-log";
import type { Db } from "../server/db/client";
import { AppError } from "../server/errors";
import { suppressionAdminAdd, suppressionAdminList } from "../server/suppression/suppression-admin";
import { removeSuppression } from "../server/suppression/suppressions";
import { suppressionAddSchema, suppressionListSchema } from "../server/trpc/admin/schemas";
import { asNumber, lines, stringFlag, usageError, type Noun } from "./command";

const USAGE = `  suppression list <account> [--search S] [--limit N]
  suppression add <account> <address> [--reason R]
  suppression remove <account> <address>
`;

const removeSchema = suppressionAddSchema.pick({ account: true, address: true });

async function knownAccount(db: Db, account: string): Promise<void> {
  if (!(await db.account.findUnique({ where: { name: account } }))) throw new AppError("unknownAccount", `account ${account} does not exist`);
}

export const suppressionNoun: Noun = {
  name: "suppression",
  usage: USAGE,
  options: { search: { type: "string" }, reason: { type: "string" }, limit: { type: "string" } },
  async run({ db, sub, args, flags }) {
    const [account = "", address = ""] = args;
    switch (sub) {
      case "list": {
        const input = suppressionListSchema.parse({ filter: { account, search: stringFlag(flags, "search") }, sort: "oldest", limit: asNumber(stringFlag(flags, "limit")) });
        if (!input.filter.account) throw usageError("give the account name");
        await knownAccount(db, input.filter.account);
        const { rows, total } = await suppressionAdminList(db, input.filter, { limit: input.limit, oldestFirst: true });
        const text = lines(rows, (s) => [s.id, s.originalAddress, s.manual ? "manual" : "automatic", s.reason, s.created], `no suppressions for ${account}`);
        return { text: text + (rows.length < total ? `\n(${rows.length} of ${total}; --limit up to 500 shows more)` : ""), json: rows };
      }
      case "add": {
        const input = suppressionAddSchema.parse({ account, address, reason: stringFlag(flags, "reason") ?? "" });
        const s = await suppressionAdminAdd(db, CLI_ACTOR, input);
        return { text: `${s.originalAddress} added to the suppression list of ${account}`, json: s };
      }
      case "remove": {
        const input = removeSchema.parse({ account, address });
        await knownAccount(db, input.account);
        await removeSuppression(db, CLI_ACTOR, input.account, parseAddress(input.address));
        return { text: `${input.address} removed from the suppression list of ${account}`, json: input };
      }
      default:
        throw usageError(`unknown suppression command ${JSON.stringify(sub)}`);
    }
  },
};
