// `mailroom route ...`: routes per sender account, per sender domain and global, each list in order (spec 10),
// as on /admin/routes. Delivery takes the first matching route of the account, then the domain, then global.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { routeAdd, routeList, routeMove, routeRemove, type RouteGroup } from "../server/queue/route-admin";
import { routeAddSchema, routeIdSchema, routeMoveSchema } from "../server/trpc/admin/route-schemas";
import { arg, asNumber, lines, stringFlag, stringsFlag, usageError, type Flags, type Noun } from "./command";

const USAGE = `  route list
  route add --transport T [--domain D | --account A] [--from-domain D]... [--to-domain D]... [--minimum-attempts N]
                                   no --domain or --account: a global route; .example.com matches subdomains too
  route remove <id>
  route move <id> <position>       position within its list, from 1
`;

function scope(flags: Flags): string {
  const domain = stringFlag(flags, "domain");
  const account = stringFlag(flags, "account");
  if (domain !== undefined && account !== undefined) throw usageError("a route is for a domain or for an account, not both");
  return domain !== undefined ? `domain:${domain}` : account !== undefined ? `account:${account}` : "global";
}

const any = (domains: string[]) => domains.join(",") || "*";
const routeRows = (groups: RouteGroup[]) => groups.flatMap((g) => g.routes.map((r) => ({ scope: g.scope.label, ...r })));

export const routeNoun: Noun = {
  name: "route",
  usage: USAGE,
  options: {
    transport: { type: "string" },
    domain: { type: "string" },
    account: { type: "string" },
    "from-domain": { type: "string", multiple: true },
    "to-domain": { type: "string", multiple: true },
    "minimum-attempts": { type: "string" },
  },
  async run({ db, sub, args, flags }) {
    switch (sub) {
      case "list": {
        const rows = routeRows(await routeList(db));
        const text = lines(rows, (r) => [r.id, r.scope, `position ${r.position}`, `from ${any(r.fromDomains)}`, `to ${any(r.toDomains)}`, `attempts >= ${r.minimumAttempts}`, `${r.transport} (${r.transportKind})`], "no routes: direct delivery for everything");
        return { text, json: rows };
      }
      case "add": {
        const input = routeAddSchema.parse({
          scope: scope(flags),
          fromDomains: stringsFlag(flags, "from-domain") ?? [],
          toDomains: stringsFlag(flags, "to-domain") ?? [],
          minimumAttempts: asNumber(stringFlag(flags, "minimum-attempts") ?? "0"),
          transport: stringFlag(flags, "transport") ?? "",
        });
        const route = await routeAdd(db, CLI_ACTOR, input);
        return { text: `added route ${route.id} (${input.scope}, position ${route.position}) over transport ${route.transport}`, json: route };
      }
      case "remove": {
        const { id } = routeIdSchema.parse({ id: asNumber(arg(args, 0, "route id")) });
        await routeRemove(db, CLI_ACTOR, id);
        return { text: `removed route ${id}`, json: { id } };
      }
      case "move": {
        const input = routeMoveSchema.parse({ id: asNumber(arg(args, 0, "route id")), position: asNumber(arg(args, 1, "position")) });
        const route = await routeMove(db, CLI_ACTOR, input);
        return { text: `route ${route.id} now at position ${route.position}`, json: route };
      }
      default:
        throw usageError(`unknown route command ${JSON.stringify(sub)}`);
    }
  },
};
