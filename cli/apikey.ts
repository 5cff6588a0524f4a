// `mailroom apikey ...`: an account's API keys for the webapi (beyond mox). A new key is printed once; only
// its hash is kept. Changes are recorded in the audit log, as from the account page.
import { apiKeyCreateSchema } from "../server/api-key/schemas";
import { displayPrefix } from "../server/api-key/key";
import { CLI_ACTOR } from "../server/audit/audit-log";
import { apiKeyCreate, apiKeyList, apiKeyRevoke, type ApiKeyView } from "../server/provision/api-key-admin";
import { arg, stringsFlag, usageError, type CommandContext, type Noun, type Output } from "./command";

const USAGE = `  apikey list <account>
  apikey add <account> <name> --scope send|suppressions|messages... [--from-domain D]...
                                   a key for the webapi, printed once (no --from-domain: any of the account's)
  apikey revoke <account> <name|prefix>
`;

const line = (k: ApiKeyView) =>
  [k.name, displayPrefix(k.prefix), k.scopes.join(","), k.domains.join(",") || "any domain", `created ${k.createdAt.toISOString()}`, `last used ${k.lastUsedAt?.toISOString() ?? "never"}`].join("\t");

const COMMANDS: Record<string, (ctx: CommandContext, account: string) => Promise<Output>> = {
  list: async ({ db }, account) => {
    const keys = await apiKeyList(db, account);
    return { text: keys.map(line).join("\n") || `account ${account} has no API keys`, json: keys };
  },
  add: async ({ db, args, flags }, account) => {
    const input = apiKeyCreateSchema.parse({ name: arg(args, 1, "key name"), scopes: stringsFlag(flags, "scope") ?? [], domains: stringsFlag(flags, "from-domain") ?? [] });
    const { key, secret } = await apiKeyCreate(db, CLI_ACTOR, account, input);
    return { text: `API key ${key.name} of ${account} (shown once: store it now):\n${secret}`, json: { ...key, secret } };
  },
  revoke: async ({ db, args }, account) => {
    const revoked = await apiKeyRevoke(db, CLI_ACTOR, account, { nameOrPrefix: arg(args, 1, "key name or prefix") });
    return { text: `API key ${revoked.name} of ${account} revoked: calls with it are refused within 5 seconds`, json: revoked };
  },
};

export const apiKeyNoun: Noun = {
  name: "apikey",
  usage: USAGE,
  options: { scope: { type: "string", multiple: true }, "from-domain": { type: "string", multiple: true } },
  run: (ctx) => {
    const command = Object.hasOwn(COMMANDS, ctx.sub) ? COMMANDS[ctx.sub]! : undefined;
    if (!command) throw usageError(`unknown apikey command ${JSON.stringify(ctx.sub)}`);
    return command(ctx, arg(ctx.args, 0, "account name"));
  },
};
