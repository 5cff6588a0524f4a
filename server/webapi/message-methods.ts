// MessageGet, MessageRawGet, MessagePartGet, MessageDelete, MessageFlagsAdd/Remove and MessageMove on the
// account's stored messages (spec 1.6).
import { changeFlags, expungeMessage, moveMessage, readMessage } from "../store/account-messages";
import { formatFlags } from "../store/flags";
import { parseEnvelope, selectText } from "../message/envelope";
import { apiStructure, decodedBody, findPart } from "../message/structure";
import type { WebapiContext } from "./context";

const id = (n: number) => BigInt(n);

export async function messageGet(ctx: WebapiContext, req: { MsgID: number }) {
  const m = await readMessage(ctx.db, ctx.account.id, id(req.MsgID));
  const env = parseEnvelope(m.raw);
  const { text, html } = selectText(m.raw, m.structure);
  return {
    Message: {
      From: env.from,
      To: env.to,
      CC: env.cc,
      BCC: env.bcc,
      ReplyTo: env.replyTo,
      MessageID: env.messageId,
      References: env.references,
      Date: env.date,
      Subject: env.subject,
      Text: text,
      HTML: html,
    },
    Structure: apiStructure(m.structure),
    Meta: {
      Size: Number(m.size),
      DSN: m.dsn,
      Flags: formatFlags(m),
      MailFrom: m.mailFrom,
      MailFromValidated: m.mailFromValidated,
      RcptTo: m.rcptTo,
      MsgFrom: env.from[0]?.Address ?? "",
      MsgFromValidated: m.msgFromValidated,
      DKIMVerifiedDomains: m.dkimVerifiedDomains,
      RemoteIP: m.remoteIp,
      MailboxName: m.mailbox.name,
    },
  };
}

export async function messageRawGet(ctx: WebapiContext, req: { MsgID: number }): Promise<Buffer> {
  const m = await readMessage(ctx.db, ctx.account.id, id(req.MsgID));
  return Buffer.concat([m.prefix, m.raw]);
}

export async function messagePartGet(ctx: WebapiContext, req: { MsgID: number; PartPath: number[] }): Promise<Buffer> {
  const m = await readMessage(ctx.db, ctx.account.id, id(req.MsgID));
  return decodedBody(m.raw, findPart(m.structure, req.PartPath));
}

export async function messageDelete(ctx: WebapiContext, req: { MsgID: number }) {
  await expungeMessage(ctx.db, ctx.account.id, id(req.MsgID));
  return {};
}

export async function messageFlagsAdd(ctx: WebapiContext, req: { MsgID: number; Flags: string[] }) {
  await changeFlags(ctx.db, ctx.account.id, id(req.MsgID), req.Flags, true);
  return {};
}

export async function messageFlagsRemove(ctx: WebapiContext, req: { MsgID: number; Flags: string[] }) {
  await changeFlags(ctx.db, ctx.account.id, id(req.MsgID), req.Flags, false);
  return {};
}

export async function messageMove(ctx: WebapiContext, req: { MsgID: number; DestMailboxName: string }) {
  await moveMessage(ctx.db, ctx.account.id, id(req.MsgID), req.DestMailboxName);
  return {};
}
