// The Send method (spec 1.6, 1.7): validate in the order that decides which error a client sees, compose,
// then hand the message to the queue.
import { isFromIdLogin } from "../address/fromid";
import { checkKeyDomain } from "../api-key/scopes";
import { formatAddress, parseAddress, type Address } from "../address/parse";
import { sqlPool } from "../db/client";
import { AppError } from "../errors";
import {
  addressHeader,
  checkNoControlCharacters,
  composeMessage,
  generateMessageId,
  needsSmtputf8,
  type ComposeFile,
  type MailAddress,
} from "../message/compose";
import { refusedCustomHeader } from "../message/custom-headers";
import { submitMessage, type NewSubmission, type SubmitResult } from "../queue/submit";
import { prepareMessage } from "../store/message-append";
import type { WebapiContext } from "./context";
import type { FileField } from "./form";
import { earlierAnswer, idempotencyOf, submitOnce, type ReplayedAnswer } from "./idempotent-send";
import type { FileRequest, NameAddress, SendRequest } from "./requests";

export type SendResult = { MessageID: string; Submissions: { Address: string; QueueMsgID: number; FromID: string }[] };

const MAX_FUTURE_RELEASE_MS = 60 * 24 * 3600 * 1000;
const USER_AGENT = "Mailroom/0.1";

export async function send(ctx: WebapiContext, req: SendRequest): Promise<SendResult | ReplayedAnswer> {
  const once = idempotencyOf(ctx.idempotencyKey, req, ctx.files);
  // A repeat gets the first answer even when the account has changed since, e.g. lost the From address.
  const earlier = once && (await earlierAnswer(sqlPool(ctx.db), ctx.account.id, once, ctx.now));
  if (earlier) return earlier;
  if (!req.Text && !req.HTML) throw new AppError("missingBody", "at least text or html body required");
  const fromList = req.From.length ? req.From : [{ Name: ctx.account.fullName, Address: ctx.loginAddress }];
  if (fromList.length > 1) throw new AppError("multipleFrom", "multiple from addresses not allowed");
  const [from] = parseList(fromList);
  const [to, cc, bcc, replyTo] = [req.To, req.CC, req.BCC, req.ReplyTo].map(parseList) as MailAddress[][];
  const fromDomain = await checkFromOwned(ctx, from!.address);
  const recipients = [...to!, ...cc!, ...bcc!];
  if (recipients.length === 0) throw new AppError("noRecipients", "no recipients");
  if (req.MessageID && !/^<.*>$/s.test(req.MessageID)) throw new AppError("malformedMessageID", "message-id must be of the form <...>");
  const futureRelease = checkFutureRelease(req.FutureRelease?.instant ?? null, ctx.now);

  const refused = refusedCustomHeader(req.Headers);
  if (refused) throw new AppError("user", refused, "Headers");
  const smtputf8 = needsSmtputf8([from!, ...recipients, ...replyTo!].map((a) => a.address));
  const messageId = req.MessageID || generateMessageId(ctx.hostname);
  const bodyFiles = { alternativeFiles: files(req.AlternativeFiles, ctx, "alternativefile"), inlineFiles: files(req.InlineFiles, ctx, "inlinefile"), attachedFiles: files(req.AttachedFiles, ctx, "attachedfile") };
  refuseBeforeComposing(req, Object.values(bodyFiles).flat(), ctx.maxMessageSize);
  const { raw, has8bit } = composeMessage({
    from: from!,
    replyTo: replyTo!,
    to: to!,
    cc: cc!,
    subject: req.Subject,
    date: req.Date ?? { instant: ctx.now, offsetMinutes: 0 },
    messageId,
    references: req.References,
    text: req.Text,
    html: req.HTML,
    headers: req.Headers,
    ...bodyFiles,
    smtputf8,
    userAgent: USER_AGENT,
  });
  if (raw.length > ctx.maxMessageSize) {
    throw new AppError("messageTooLarge", `message of ${raw.length} bytes is larger than the maximum of ${ctx.maxMessageSize}`);
  }

  const submission: NewSubmission = {
    account: ctx.account,
    from: from!.address,
    fromDomain,
    useFromId: isFromIdLogin(ctx.account.fromIdLoginAddresses, ctx.loginAddress),
    recipients: recipients.map((r) => r.address),
    raw,
    has8bit,
    smtputf8,
    messageId,
    subject: req.Subject,
    extra: req.Extra,
    requireTls: req.RequireTLS,
    futureRelease,
    sentCopy: req.SaveSent ? await sentCopy(ctx, raw, bcc!, smtputf8) : null,
    received: { fromIp: ctx.remoteIp, hostname: ctx.hostname, protocol: "HTTP" },
    now: ctx.now,
  };
  const answer = (result: SubmitResult) => sendResult(req, messageId, result);
  if (once) return submitOnce(ctx, once, submission, answer);
  const result = await submitMessage(ctx.db, submission);
  ctx.kick(result.kicks);
  return answer(result);
}

function sendResult(req: SendRequest, messageId: string, result: SubmitResult): SendResult {
  if (result.sentOverQuota) {
    throw new AppError("sentOverQuota", "message was sent, but not stored in the Sent mailbox: account over quota");
  }
  return {
    MessageID: messageId,
    // Each recipient as the request gave it.
    Submissions: [...req.To, ...req.CC, ...req.BCC].map((r, i) => ({
      Address: r.Address,
      QueueMsgID: Number(result.queued[i]!.id),
      FromID: result.queued[i]!.fromId,
    })),
  };
}

function parseList(list: NameAddress[]): MailAddress[] {
  return list.map((na) => {
    // Checked here, before the From check, so a bad name is a "user" error whatever else is wrong (spec 1.6).
    checkNoControlCharacters([na.Name]);
    return { name: na.Name, address: parseAddress(na.Address) };
  });
}

async function checkFromOwned(ctx: WebapiContext, from: Address) {
  const owner = await ctx.findAddressOwner(from);
  if (!owner || owner.accountId !== ctx.account.id) {
    throw new AppError("badFrom", `from address ${formatAddress(from)} does not belong to this account`);
  }
  if (owner.domain.disabledReason) {
    throw new AppError("domainDisabled", `domain ${owner.domain.unicodeName} is temporarily disabled: ${owner.domain.disabledReason}`);
  }
  checkKeyDomain(ctx.apiKey, owner.domain.name);
  return owner.domain;
}

function checkFutureRelease(at: Date | null, now: Date): Date | null {
  if (at && at.getTime() - now.getTime() > MAX_FUTURE_RELEASE_MS) {
    throw new AppError("user", "future release can be at most 60 days in the future");
  }
  return at;
}

// JSON files come first, then the uploads of the matching form field, each kind in request order.
// Composing copies every file into base64 and the message around it: a message that cannot fit is refused before
// any of that memory is spent. The bodies and base64 of the files without line breaks are a lower bound.
function refuseBeforeComposing(req: SendRequest, bodyFiles: ComposeFile[], max: number): void {
  const least = Buffer.byteLength(req.Text) + Buffer.byteLength(req.HTML) + bodyFiles.reduce((n, f) => n + Math.ceil(f.data.length / 3) * 4, 0);
  if (least <= max) return;
  throw new AppError("messageTooLarge", `text and files encode to more than ${least} bytes, larger than the maximum message size of ${max}`);
}

function files(json: FileRequest[], ctx: WebapiContext, field: FileField): ComposeFile[] {
  const fromJson = json.map((f) => ({ name: f.Name, contentType: f.ContentType, contentId: f.ContentID, data: decodeBase64(f.Data, f.Name) }));
  const uploaded = ctx.files.filter((f) => f.field === field);
  return [...fromJson, ...uploaded];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(data: string, name: string): Buffer {
  const compact = data.replace(/\r?\n/g, "");
  if (!BASE64.test(compact)) throw new AppError("user", `file ${JSON.stringify(name)}: data is not valid standard base64`);
  return Buffer.from(compact, "base64");
}

// The Sent copy carries a Bcc header, so the sender can see whom the message also went to.
async function sentCopy(ctx: WebapiContext, raw: Buffer, bcc: MailAddress[], smtputf8: boolean) {
  const mailbox = await ctx.db.mailbox.findFirst({ where: { accountId: ctx.account.id, specialUse: "sent" }, select: { id: true } });
  if (!mailbox) return null;
  const copy = bcc.length ? Buffer.concat([Buffer.from(addressHeader("Bcc", bcc, smtputf8)), raw]) : raw;
  return { message: prepareMessage(copy), mailboxId: mailbox.id };
}
