// `mailroom domain ...`: the domains mail is accepted and sent for.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { domainAdd } from "../server/store/domain-admin";
import { arg, stringsFlag, usageError, type Noun } from "./command";

export const domainNoun: Noun = {
  name: "domain",
  usage: "  domain add <name> [--separator +]\n",
  options: { separator: { type: "string", multiple: true } },
  async run({ db, sub, args, flags }) {
    if (sub !== "add") throw usageError(`unknown domain command ${JSON.stringify(sub)}`);
    const domain = await domainAdd(db, CLI_ACTOR, { name: arg(args, 0, "domain name"), catchallSeparators: stringsFlag(flags, "separator") ?? [] });
    return { text: `created domain ${domain.unicodeName}`, json: domain };
  },
};
