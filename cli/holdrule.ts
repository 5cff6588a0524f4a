// `mailroom holdrule ...`: hold rules (spec 4). Adding one holds the queued messages it matches; removing one
// releases nothing (`mailroom queue release` does).
import { CLI_ACTOR } from "../server/audit/audit-log";
import type { HoldRule } from "../server/db/generated/client";
import { holdRuleAdd, holdRuleList, holdRuleRemove } from "../server/queue/hold-rule-admin";
import { systemClock } from "../server/runtime/clock";
import { holdRuleAddSchema, holdRuleIdSchema } from "../server/trpc/admin/schemas";
import { arg, asNumber, lines, stringFlag, usageError, type Noun } from "./command";

const USAGE = `  holdrule list
  holdrule add [--account A] [--sender-domain D] [--recipient-domain D]   no fields: hold everything
  holdrule remove <id>
`;

const any = (s: string) => s || "*";
const ruleFields = (r: HoldRule) => [r.id, `account ${any(r.account)}`, `from ${any(r.senderDomainStr)}`, `to ${any(r.recipientDomainStr)}`];

export const holdRuleNoun: Noun = {
  name: "holdrule",
  usage: USAGE,
  options: { account: { type: "string" }, "sender-domain": { type: "string" }, "recipient-domain": { type: "string" } },
  async run({ db, sub, args, flags }) {
    const deps = { db, clock: systemClock, kick: async () => undefined };
    switch (sub) {
      case "list": {
        const rules = await holdRuleList(deps);
        return { text: lines(rules, ruleFields, "no hold rules"), json: rules };
      }
      case "add": {
        const input = holdRuleAddSchema.parse({ account: stringFlag(flags, "account") ?? "", senderDomain: stringFlag(flags, "sender-domain") ?? "", recipientDomain: stringFlag(flags, "recipient-domain") ?? "" });
        const rule = await holdRuleAdd(deps, CLI_ACTOR, input);
        return { text: `added hold rule ${ruleFields(rule).join("\t")}`, json: rule };
      }
      case "remove": {
        const { id } = holdRuleIdSchema.parse({ id: asNumber(arg(args, 0, "hold rule id")) });
        await holdRuleRemove(deps, CLI_ACTOR, id);
        return { text: `removed hold rule ${id}`, json: { id } };
      }
      default:
        throw usageError(`unknown holdrule command ${JSON.stringify(sub)}`);
    }
  },
};
