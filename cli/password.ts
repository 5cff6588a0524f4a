// Passwords from a flag or standard input: `mailroom password set <account>` and `mailroom admin password`.
import { z } from "zod";
import { CLI_ACTOR } from "../server/audit/audit-log";
import { changeAdminPassword } from "../server/auth/admin";
import { setPassword } from "../server/provision/account-admin";
import { arg, stringFlag, usageError, type Flags, type Noun } from "./command";

export const passwordSchema = z.string().min(8, "passwords have at least 8 characters").max(1024);

async function readPassword(flags: Flags): Promise<string> {
  const flag = stringFlag(flags, "password");
  if (flag !== undefined) return passwordSchema.parse(flag);
  if (process.stdin.isTTY) throw usageError("give the password with --password, or on standard input");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return passwordSchema.parse(Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, ""));
}

export const passwordNoun: Noun = {
  name: "password",
  usage: "  password set <account> [--password P]      (or the password on standard input)\n",
  options: { password: { type: "string" } },
  async run({ db, sub, args, flags }) {
    if (sub !== "set") throw usageError(`unknown password command ${JSON.stringify(sub)}`);
    const name = arg(args, 0, "account name");
    await setPassword(db, CLI_ACTOR, { name, password: await readPassword(flags) });
    return { text: `password set for account ${name}`, json: { account: name } };
  },
};

export const adminNoun: Noun = {
  name: "admin",
  usage: "  admin password [--password P]              (or the password on standard input)\n",
  async run({ db, sub, flags }) {
    if (sub !== "password") throw usageError(`unknown admin command ${JSON.stringify(sub)}`);
    await changeAdminPassword(db, CLI_ACTOR, await readPassword(flags));
    return { text: "admin password set", json: { admin: true } };
  },
};
