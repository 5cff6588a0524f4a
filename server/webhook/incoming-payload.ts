// The body of the incoming-message webhook (spec 2.6). It shows the same envelope, text and structure as
// MessageGet, but its References and its Meta differ, so receivers written against mox see what mox sends.
import { headerValues, parseEnvelope, selectText } from "../message/envelope";
import { headerFields, parseParameterized } from "../message/header";
import { apiStructure, type MimePart } from "../message/structure";
import type { DeliveryFacts } from "../store/message-append";
import { goJsonStringify, goTime } from "./payload-json";

export type IncomingMessageFacts = Omit<DeliveryFacts, "dsn"> & { msgId: bigint; received: Date; mailboxName: string };

// raw is the message as received (without our stored prefix headers); structure is its parsed MimePart tree.
export function incomingPayload(raw: Buffer, structure: MimePart, facts: IncomingMessageFacts): { json: string; subject: string; messageId: string } {
  const env = parseEnvelope(raw);
  const { text, html } = selectText(raw, structure);
  const json = goJsonStringify({
    Version: 0,
    From: env.from,
    To: env.to,
    CC: env.cc,
    BCC: env.bcc,
    ReplyTo: env.replyTo,
    Subject: env.subject,
    MessageID: env.messageId,
    InReplyTo: env.inReplyTo,
    References: referencedIds(raw, structure),
    Date: env.date,
    Text: text,
    HTML: html,
    Structure: apiStructure(structure),
    Meta: {
      MsgID: Number(facts.msgId),
      MailFrom: facts.mailFrom,
      MailFromValidated: facts.mailFromValidated,
      MsgFromValidated: facts.msgFromValidated,
      RcptTo: facts.rcptTo,
      DKIMVerifiedDomains: facts.dkimVerifiedDomains,
      RemoteIP: facts.remoteIp,
      Received: goTime(facts.received),
      MailboxName: facts.mailboxName,
      Automated: isAutomated(raw, structure, facts.mailFrom),
    },
  });
  return { json, subject: env.subject, messageId: env.messageId };
}

const MESSAGE_ID = /<([^<>]*)>/g;

// Unlike MessageGet's tokens, only <...> message-ids count and In-Reply-To is not added. An id whose ">" is
// missing is skipped rather than merged with the next one; whitespace inside an id is what some mailers leave
// when they fold long References lines, so it is dropped.
function referencedIds(raw: Buffer, root: MimePart): string[] {
  const ids: string[] = [];
  for (const value of headerValues(raw, root, "references")) {
    for (const m of value.matchAll(MESSAGE_ID)) {
      const id = m[1]!.replace(/\s+/g, "");
      if (id) ids.push(`<${id}>`);
    }
  }
  return ids;
}

// Mailing-list and bulk-mail markers. A field without a value marks nothing, as in mox.
const LIST_HEADERS = new Set(["list-id", "list-unsubscribe", "list-unsubscribe-post", "precedence"]);

// Whether the message came from a machine (bounce, report, list, auto-reply), so a receiver should not answer.
export function isAutomated(raw: Buffer, structure: MimePart, mailFrom: string): boolean {
  return mailFrom === "" || structure.contentType === "multipart/report" || hasAutomationHeader(raw, structure);
}

function hasAutomationHeader(raw: Buffer, root: MimePart): boolean {
  for (const f of headerFields(raw, root.headerStart, root.bodyStart)) {
    if (LIST_HEADERS.has(f.name) && f.value !== "") return true;
    if (f.name === "auto-submitted" && isAutoSubmitted(f.value)) return true;
  }
  return false;
}

// RFC 3834 allows comments and parameters after the keyword; "no" with either still means a person sent it.
function isAutoSubmitted(value: string): boolean {
  const keyword = parseParameterized(value).value.toLowerCase();
  return keyword !== "" && keyword !== "no";
}
