// `mailroom dkim ...`: a domain's DKIM keys, as on /admin/domains/<domain>. A domain's first key signs at once;
// later ones once switched on, after their record is published (`mailroom domain dns <domain>`).
import { CLI_ACTOR } from "../server/audit/audit-log";
import { dkimKeyGenerate, dkimKeyList, dkimKeyRemove, dkimSignSet, type PublicDkimKey } from "../server/dkim/keys";
import { systemClock } from "../server/runtime/clock";
import { dkimGenerateSchema, dkimKeyRefSchema, dkimSignSetSchema, domainRefSchema } from "../server/trpc/admin/domain-schemas";
import { arg, asBoolean, lines, stringFlag, usageError, type Noun } from "./command";

const USAGE = `  dkim list <domain>
  dkim generate <domain> [--algorithm ed25519|rsa] [--selector S]   selector proposed when not given
  dkim sign <domain> <selector> on|off
  dkim remove <domain> <selector>
`;

const keyFields = (k: PublicDkimKey) => [k.selector, k.algorithm, k.sign ? "signs" : "does not sign", k.createdAt];

export const dkimNoun: Noun = {
  name: "dkim",
  usage: USAGE,
  options: { algorithm: { type: "string" }, selector: { type: "string" } },
  async run({ db, sub, args, flags }) {
    const domain = args[0] ?? "";
    switch (sub) {
      case "list": {
        const keys = await dkimKeyList(db, domainRefSchema.parse({ domain }).domain);
        return { text: lines(keys, keyFields, `no DKIM keys for ${domain}: mailroom dkim generate ${domain}`), json: keys };
      }
      case "generate": {
        const input = dkimGenerateSchema.parse({ domain, selector: stringFlag(flags, "selector") ?? "", algorithm: stringFlag(flags, "algorithm") ?? "ed25519" });
        const key = await dkimKeyGenerate(db, CLI_ACTOR, systemClock.now(), input);
        const next = key.sign ? "it signs now" : `it signs once published and switched on: mailroom dkim sign ${domain} ${key.selector} on`;
        return { text: `generated ${key.algorithm} key ${key.selector} for ${domain}; ${next}; publish its record (mailroom domain dns ${domain})`, json: key };
      }
      case "sign": {
        const input = dkimSignSetSchema.parse({ domain, selector: arg(args, 1, "selector"), sign: asBoolean(arg(args, 2, "on or off"), "sign") });
        await dkimSignSet(db, CLI_ACTOR, input);
        return { text: `key ${input.selector} of ${domain} ${input.sign ? "signs" : "no longer signs"}`, json: input };
      }
      case "remove": {
        const input = dkimKeyRefSchema.parse({ domain, selector: arg(args, 1, "selector") });
        await dkimKeyRemove(db, CLI_ACTOR, input);
        return { text: `removed key ${input.selector} of ${domain}`, json: input };
      }
      default:
        throw usageError(`unknown dkim command ${JSON.stringify(sub)}`);
    }
  },
};
