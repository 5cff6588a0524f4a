// `mailroom transport ...`: the named ways out that routes and the queue pick (spec 10), as on /admin/routes.
// Passwords are write-only: listings say whether one is set.
import { CLI_ACTOR } from "../server/audit/audit-log";
import { AppError } from "../server/errors";
import { transportAdd, transportList, transportRemove, transportSpec, type TransportView } from "../server/queue/transport-admin";
import { testTransport } from "../server/queue/transport-test";
import { transportTarget } from "../server/queue/transport-target";
import { transportNameSchema, transportSchema } from "../server/trpc/admin/route-schemas";
import { arg, asNumber, lines, stringFlag, stringsFlag, usageError, type Flags, type Noun } from "./command";

const USAGE = `  transport list
  transport add <name> smtp|submission|submissions --host H [--port N] [--username U --password P]
                [--mechanism M]... [--no-starttls] [--starttls-insecure-skip-verify]
  transport add <name> socks --address host:port --remote-hostname H [--remote-ip IP]...
  transport add <name> direct [--disable-ipv4] [--disable-ipv6]
  transport add <name> fail [--smtp-code 554] [--smtp-message M]
  transport remove <name>
  transport test <name>            connect, TLS, EHLO and AUTH as a delivery would; sends nothing
`;

// The form's fields, from the flags of the same names; the schema keeps those of the kind.
const settingsInput = (flags: Flags) => ({
  host: stringFlag(flags, "host"),
  port: asNumber(stringFlag(flags, "port")),
  noStarttls: flags["no-starttls"],
  starttlsInsecureSkipVerify: flags["starttls-insecure-skip-verify"],
  username: stringFlag(flags, "username"),
  password: stringFlag(flags, "password"),
  mechanisms: stringsFlag(flags, "mechanism"),
  address: stringFlag(flags, "address"),
  remoteHostname: stringFlag(flags, "remote-hostname"),
  remoteIps: stringsFlag(flags, "remote-ip"),
  disableIpv4: flags["disable-ipv4"],
  disableIpv6: flags["disable-ipv6"],
  smtpCode: asNumber(stringFlag(flags, "smtp-code")),
  smtpMessage: stringFlag(flags, "smtp-message"),
});

const transportFields = (t: TransportView) => [t.name, t.kind, transportTarget(t), `routes ${t.routes}`, `queued ${t.queued}`];

export const transportNoun: Noun = {
  name: "transport",
  usage: USAGE,
  options: {
    host: { type: "string" },
    port: { type: "string" },
    "no-starttls": { type: "boolean" },
    "starttls-insecure-skip-verify": { type: "boolean" },
    username: { type: "string" },
    password: { type: "string" },
    mechanism: { type: "string", multiple: true },
    address: { type: "string" },
    "remote-hostname": { type: "string" },
    "remote-ip": { type: "string", multiple: true },
    "disable-ipv4": { type: "boolean" },
    "disable-ipv6": { type: "boolean" },
    "smtp-code": { type: "string" },
    "smtp-message": { type: "string" },
  },
  async run({ db, config, sub, args, flags }) {
    switch (sub) {
      case "list": {
        const transports = await transportList(db);
        return { text: lines(transports, transportFields, "no transports"), json: transports };
      }
      case "add": {
        const input = transportSchema.parse({ name: arg(args, 0, "transport name"), kind: arg(args, 1, "kind (smtp, submission, submissions, socks, direct or fail)"), ...settingsInput(flags) });
        const added = await transportAdd(db, CLI_ACTOR, input);
        return { text: `added transport ${transportFields(added).slice(0, 3).join("\t")}`, json: added };
      }
      case "remove": {
        const { name } = transportNameSchema.parse({ name: arg(args, 0, "transport name") });
        await transportRemove(db, CLI_ACTOR, name);
        return { text: `removed transport ${name}`, json: { name } };
      }
      case "test": {
        const { name } = transportNameSchema.parse({ name: arg(args, 0, "transport name") });
        const result = await testTransport(await transportSpec(db, name), { hostname: config.hostname });
        // A failed test is the command failing, so scripts can tell from the exit code.
        if (!result.ok) throw new AppError("transportTestFailed", `transport test failed: ${result.summary}`);
        return { text: [...result.steps.map((s) => `${s.step}\t${s.status}\t${s.detail}`), result.summary].join("\n"), json: result };
      }
      default:
        throw usageError(`unknown transport command ${JSON.stringify(sub)}`);
    }
  },
};
