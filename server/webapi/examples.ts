// Example requests and responses for the method pages: every field present, so the page doubles as a
// reference of the request shape. Addresses use the localserve account, so "Call" works out of the box.
const nameAddress = { Name: "", Address: "mox@localhost" };
const file = { Name: "hello.txt", ContentType: "text/plain", ContentID: "", Data: "aGVsbG8K" };
const time = "2026-01-01T12:00:00Z";

export const msgId = { MsgID: 1 };
export const flags = { MsgID: 1, Flags: ["\\seen", "$forwarded", "custom"] };
export const move = { MsgID: 1, DestMailboxName: "Archive" };
export const partGet = { MsgID: 1, PartPath: [0] };
export const emailAddress = { EmailAddress: "bounces@example.org" };
export const suppressionAdd = { EmailAddress: "bounces@example.org", Manual: true, Reason: "asked to be removed" };

export const send = {
  From: [{ Name: "Mox", Address: "mox@localhost" }],
  To: [{ Name: "", Address: "mox@localhost" }],
  CC: [],
  BCC: [],
  ReplyTo: [],
  MessageID: "",
  References: [],
  Date: null,
  Subject: "hello",
  Text: "hi ☺\n",
  HTML: "",
  Extra: { example: "" },
  Headers: [["X-Example", "value"]],
  AlternativeFiles: [],
  InlineFiles: [],
  AttachedFiles: [file],
  RequireTLS: null,
  FutureRelease: null,
  SaveSent: true,
};

export const sendResult = {
  MessageID: "<AbCdEfGhIjKlMnOpQrStUv@localhost>",
  Submissions: [{ Address: "mox@localhost", QueueMsgID: 1, FromID: "" }],
};

export const suppressionList = {
  Suppressions: [
    {
      ID: 1,
      Created: time,
      Account: "mox",
      BaseAddress: "bounces@example.org",
      OriginalAddress: "Bounces+x@example.org",
      Manual: true,
      Reason: "asked to be removed",
    },
  ],
};

const structure = { ContentType: "text/plain", ContentTypeParams: { charset: "utf-8" }, ContentID: "", ContentDisposition: "", Filename: "", DecodedSize: 5, Parts: [] };

export const messageGetResult = {
  Message: {
    From: [nameAddress],
    To: [nameAddress],
    CC: [],
    BCC: [],
    ReplyTo: [],
    MessageID: "<AbCdEfGhIjKlMnOpQrStUv@localhost>",
    References: [],
    Date: time,
    Subject: "hello",
    Text: "hi ☺\n",
    HTML: "",
  },
  Structure: structure,
  Meta: {
    Size: 512,
    DSN: false,
    Flags: ["$notjunk", "\\seen"],
    MailFrom: "",
    MailFromValidated: false,
    RcptTo: "",
    MsgFrom: "mox@localhost",
    MsgFromValidated: false,
    DKIMVerifiedDomains: [],
    RemoteIP: "",
    MailboxName: "Sent",
  },
};
