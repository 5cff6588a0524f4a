// A complete ComposeInput with plain defaults; tests override what they are about.
import { parseAddress } from "../../server/address/parse";
import type { ComposeInput, MailAddress } from "../../server/message/compose";

export function mail(name: string, address: string): MailAddress {
  return { name, address: parseAddress(address) };
}

export function composeInput(overrides: Partial<ComposeInput> = {}): ComposeInput {
  return {
    from: mail("Mox Sender", "mjl@mox.example"),
    replyTo: [],
    to: [mail("", "rcpt@remote.example")],
    cc: [],
    subject: "hello",
    date: { instant: new Date("2024-03-05T22:04:05Z"), offsetMinutes: 120 },
    messageId: "<msgid@mox.example>",
    references: [],
    text: "hi\n",
    html: "",
    headers: [],
    alternativeFiles: [],
    inlineFiles: [],
    attachedFiles: [],
    smtputf8: false,
    userAgent: "Mailroom/0.1.0",
    ...overrides,
  };
}
