// `mailroom domain ...`: the domains mail is accepted and sent for, and the DNS records each should publish.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { domainRecords } from "../server/dns/domain-dns";
import { staticResolver } from "../server/net/resolver";
import { domainAdd } from "../server/store/domain-admin";
import { domainRefSchema } from "../server/trpc/admin/domain-schemas";
import { arg, stringsFlag, usageError, type Noun } from "./command";

const USAGE = `  domain add <name> [--separator +]
  domain dns <name>                the DNS records to publish, as zone-file lines (--json: the records)
`;

export const domainNoun: Noun = {
  name: "domain",
  usage: USAGE,
  options: { separator: { type: "string", multiple: true } },
  async run({ db, config, sub, args, flags }) {
    switch (sub) {
      case "add": {
        const domain = await domainAdd(db, CLI_ACTOR, { name: arg(args, 0, "domain name"), catchallSeparators: stringsFlag(flags, "separator") ?? [] });
        return { text: `created domain ${domain.unicodeName}`, json: domain };
      }
      case "dns": {
        const { domain } = domainRefSchema.parse({ domain: args[0] ?? "" });
        // Listing the records looks nothing up.
        const deps = { db, resolver: staticResolver({}), hostname: config.hostname, submissionPorts: { submission: config.ports.submission, submissions: config.ports.submissions } };
        const { records, zone } = await domainRecords(deps, domain);
        return { text: zone.trimEnd(), json: records };
      }
      default:
        throw usageError(`unknown domain command ${JSON.stringify(sub)}`);
    }
  },
};
