// `mailroom account ...`: accounts and their settings.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { accountAdd } from "../server/provision/account-admin";
import { arg, stringFlag, usageError, type Noun } from "./command";
import { passwordSchema } from "./password";

export const accountNoun: Noun = {
  name: "account",
  usage: "  account add <name> <address> [--full-name N] [--password P]\n",
  options: { "full-name": { type: "string" }, password: { type: "string" } },
  async run({ db, sub, args, flags }) {
    if (sub !== "add") throw usageError(`unknown account command ${JSON.stringify(sub)}`);
    const name = arg(args, 0, "account name");
    const address = arg(args, 1, "address");
    const given = stringFlag(flags, "password");
    const password = given === undefined ? undefined : passwordSchema.parse(given);
    const added = await accountAdd(db, CLI_ACTOR, { name, address, fullName: stringFlag(flags, "full-name"), password });
    return { text: `created account ${name} with address ${address}${password ? "" : " (no password yet: mailroom password set)"}`, json: added };
  },
};
