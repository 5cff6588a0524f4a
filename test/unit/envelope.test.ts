import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import { headerValues, parseAddressList, parseDate, parseEnvelope, selectText } from "../../server/message/envelope";
import { apiStructure, decodedBody, findPart, parseStructure, type MimePart } from "../../server/message/structure";

const crlf = (lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8");

function envelopeOf(headers: string[]) {
  return parseEnvelope(crlf([...headers, "", "body"]));
}

function textOf(raw: Buffer) {
  return selectText(raw, parseStructure(raw));
}

function multipart(type: string, boundary: string, parts: string[][]): string[] {
  return [`Content-Type: ${type}; boundary=${boundary}`, "", ...parts.flatMap((p) => [`--${boundary}`, ...p]), `--${boundary}--`];
}

const plain = (text: string) => ["Content-Type: text/plain; charset=utf-8", "", text];
const html = (text: string) => ["Content-Type: text/html; charset=utf-8", "", text];
const pdf = ["Content-Type: application/pdf", "Content-Transfer-Encoding: base64", "", "JVBERg=="];

describe("parseEnvelope", () => {
  it("decodes encoded-words in names and subjects: Q and B, UTF-8 and ISO-8859-1", () => {
    const env = envelopeOf([
      "From: =?ISO-8859-1?Q?Andr=E9?= Pirard <pirard@vm1.ulg.ac.be>",
      "To: =?utf-8?B?TcO4eA==?= <mox@mox.example>, \"=?utf-8?q?J=C3=B6rg_?=\" <j@mox.example>",
      "Subject: =?utf-8?B?4pi6?= =?utf-8?Q?_smile?=",
      "  =?iso-8859-1?b?6Q==?= and plain",
    ]);
    expect(env.from).toEqual([{ Name: "André Pirard", Address: "pirard@vm1.ulg.ac.be" }]);
    expect(env.to).toEqual([
      { Name: "Møx", Address: "mox@mox.example" },
      { Name: "Jörg", Address: "j@mox.example" },
    ]);
    expect(env.subject).toBe("☺ smileé and plain");
  });

  it("joins a multi-byte character split across encoded-words", () => {
    // "☺" is E2 98 BA; the encoder split it over two words.
    expect(envelopeOf(["Subject: =?utf-8?Q?=E2=98?= =?utf-8?Q?=BA?= x"]).subject).toBe("☺ x");
  });

  it("keeps text that only looks encoded", () => {
    expect(envelopeOf(["Subject: =?bogus?x?y?= 100% =?utf-8?Q?ok?=x"]).subject).toBe("=?bogus?x?y?= 100% okx");
  });

  it("parses groups, comments, quoted names, source routes and bare addresses", () => {
    const env = envelopeOf([
      "To: undisclosed-recipients:;",
      'Cc: team: "Last, First" <first@example.org>, second@example.org (Second (the) one);, <@relay.example:third@example.org>',
      "Bcc: John  Q. Public <john@example.org>",
      "Reply-To: a @ example.org",
    ]);
    expect(env.to).toEqual([]);
    expect(env.cc).toEqual([
      { Name: "Last, First", Address: "first@example.org" },
      { Name: "Second (the) one", Address: "second@example.org" },
      { Name: "", Address: "third@example.org" },
    ]);
    expect(env.bcc).toEqual([{ Name: "John Q. Public", Address: "john@example.org" }]);
    expect(env.replyTo).toEqual([{ Name: "", Address: "a@example.org" }]);
  });

  it("renders IDNA domains as Unicode and keeps unparsable addresses as written", () => {
    const env = envelopeOf(["From: Smiley <x@XN--74H.localhost>", "To: nobody, <>, Name <not an address>, \"a b\"@example.org"]);
    expect(env.from).toEqual([{ Name: "Smiley", Address: "x@☺.localhost" }]);
    expect(env.to).toEqual([
      { Name: "", Address: "nobody" },
      { Name: "Name", Address: "not an address" },
      { Name: "", Address: '"a b"@example.org' },
    ]);
  });

  it("takes Message-Id, In-Reply-To and the first Subject as written, unfolded and trimmed", () => {
    const env = envelopeOf(["Message-Id:  <a@b.example> ", "In-Reply-To: <p@b.example>", "Subject: first", "\tline", "Subject: second"]);
    expect([env.messageId, env.inReplyTo, env.subject]).toEqual(["<a@b.example>", "<p@b.example>", "first\tline"]);
  });

  it("collects every References token and puts In-Reply-To first when missing", () => {
    const refs = ["References: <r1@x>", "  <r2@x>", "References: <r3@x> r4"];
    expect(envelopeOf([...refs, "In-Reply-To: <irt@x>"]).references).toEqual(["<irt@x>", "<r1@x>", "<r2@x>", "<r3@x>", "r4"]);
    expect(envelopeOf([...refs, "In-Reply-To: <r2@x>"]).references).toEqual(["<r1@x>", "<r2@x>", "<r3@x>", "r4"]);
    expect(envelopeOf(["In-Reply-To: <irt@x>"]).references).toEqual(["<irt@x>"]);
    expect(envelopeOf(["Subject: none"]).references).toEqual([]);
  });

  it("keeps the Date header's own offset", () => {
    const env = envelopeOf(["Date: Mon, 15 Apr 2024 21:49:02 +0200 (CEST)"]);
    expect(env.date).toBe("2024-04-15T21:49:02+02:00");
    expect(env.dateInstant?.toISOString()).toBe("2024-04-15T19:49:02.000Z");
    expect(envelopeOf(["Subject: no date"])).toMatchObject({ date: null, dateInstant: null });
  });

  it("returns empty lists and strings for an empty header, and survives garbage", () => {
    expect(parseEnvelope(Buffer.alloc(0))).toEqual({
      from: [],
      to: [],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: "",
      messageId: "",
      inReplyTo: "",
      references: [],
      date: null,
      dateInstant: null,
    });
    const garbage = Buffer.from(`To: ${'"(<'.repeat(50_000)}\r\nSubject: ${"=?a?q?".repeat(50_000)}\r\nDate: Mon${" ".repeat(100_000)}x\r\n\r\n`);
    const env = parseEnvelope(garbage);
    expect(env.to).toHaveLength(1);
    expect(env.date).toBeNull();
  });
});

describe("parseDate", () => {
  it.each([
    ["15 Apr 2024 21:49 -0000", "2024-04-15T21:49:00Z"],
    ["Tue, 1 Jan 2019 23:59:59 EST", "2019-01-01T23:59:59-05:00"],
    ["Fri, 21 Nov 97 09:55:06 -0600", "1997-11-21T09:55:06-06:00"],
    ["Thu, 29 Feb 2024 00:00:00 +0530", "2024-02-29T00:00:00+05:30"],
    ["mon,15 april 2024 8:05:00 GMT", "2024-04-15T08:05:00Z"],
  ])("reads %j", (value, text) => {
    expect(parseDate(value)?.text).toBe(text);
  });

  it("gives the instant in UTC", () => {
    expect(parseDate("Tue, 1 Jan 2019 23:59:59 EST")?.instant.toISOString()).toBe("2019-01-02T04:59:59.000Z");
  });

  it.each(["", "yesterday", "Thu, 30 Feb 2024 00:00:00 +0000", "15 Foo 2024 10:00:00 +0000", "15 Apr 2024 24:00:00 +0000", "15 Apr 2024 10:00:00 CEST", "15 Apr 2024 10:00:00 +2400"])(
    "rejects %j",
    (value) => {
      expect(parseDate(value)).toBeNull();
    },
  );
});

describe("parseAddressList", () => {
  it("cuts address headers beyond 1 MiB instead of spending seconds on them", () => {
    const list = parseAddressList("a@b.example, ".repeat(100_000));
    expect(list.length).toBeGreaterThan(80_000);
    expect(list.length).toBeLessThan(100_000);
    expect(parseAddressList(`<${"a,".repeat(1_000_000)}`)).toHaveLength(1);
  });

  it("leaves out entries without an address", () => {
    expect(parseAddressList("Name <>, (just a comment), ,;, b@x.example")).toEqual([{ Name: "", Address: "b@x.example" }]);
  });

  it("takes encoded-words whole even when they contain specials", () => {
    expect(parseAddressList("=?utf-8?Q?Doe,_J=C3=B6rg?= <j@x.example>, b@x.example")).toEqual([
      { Name: "Doe, Jörg", Address: "j@x.example" },
      { Name: "", Address: "b@x.example" },
    ]);
  });
});

describe("selectText", () => {
  it("uses a text/plain top part, also when Content-Type is absent", () => {
    expect(textOf(crlf(["Subject: x", "", "hello", "world", ""]))).toEqual({ text: "hello\nworld\n", html: "" });
  });

  it("uses a text/html top part as HTML", () => {
    expect(textOf(crlf(html("<p>hi</p>")))).toEqual({ text: "", html: "<p>hi</p>" });
  });

  it("takes both from multipart/alternative", () => {
    expect(textOf(crlf(multipart("multipart/alternative", "a", [plain("text"), html("<b>html</b>")])))).toEqual({ text: "text", html: "<b>html</b>" });
  });

  it("stops at the first text part of another multipart", () => {
    expect(textOf(crlf(multipart("multipart/mixed", "m", [pdf, plain("first"), html("<p>second</p>"), plain("third")])))).toEqual({
      text: "first",
      html: "",
    });
  });

  it("recurses into sub-parts in order when no direct part is text", () => {
    const raw = crlf(
      multipart("multipart/mixed", "m", [
        pdf,
        multipart("multipart/related", "r", [multipart("multipart/alternative", "a", [plain("deep"), html("<p>deep</p>")]), pdf]),
        plain("later"),
      ]),
    );
    // A direct text/plain wins over nested ones; without it the nested alternative is found.
    expect(textOf(raw)).toEqual({ text: "later", html: "" });
    const withoutDirect = crlf(multipart("multipart/mixed", "m", [pdf, multipart("multipart/related", "r", [multipart("multipart/alternative", "a", [plain("deep"), html("<p>deep</p>")])])]));
    expect(textOf(withoutDirect)).toEqual({ text: "deep", html: "<p>deep</p>" });
  });

  it("gives nothing when there is no text part", () => {
    expect(textOf(crlf(multipart("multipart/mixed", "m", [pdf])))).toEqual({ text: "", html: "" });
  });

  it("decodes transfer encoding and charset, CRLF becoming LF", () => {
    const raw = Buffer.concat([
      crlf(["Content-Type: text/plain; charset=ISO-8859-1", "Content-Transfer-Encoding: quoted-printable", "", "caf=E9 cr=C3=A8me", "line 2", ""]),
    ]);
    expect(textOf(raw).text).toBe("café crÃ¨me\nline 2\n");
    const win = Buffer.concat([crlf(["Content-Type: text/html; charset=windows-1252", "", ""]), Buffer.from([0x80, 0x93, 0x61, 0x94])]);
    expect(textOf(win).html).toBe("€“a”");
    const unknown = Buffer.concat([crlf(["Content-Type: text/plain; charset=x-unknown", "", ""]), Buffer.from([0x61, 0xff, 0xe2, 0x98, 0xba])]);
    expect(textOf(unknown).text).toBe("a\uFFFD☺");
  });

  it("truncates to 1 MiB of UTF-8 without splitting a character", () => {
    const raw = Buffer.concat([crlf(["Content-Type: text/plain; charset=utf-8", "", ""]), Buffer.from("é".repeat(600_000))]);
    const { text } = textOf(raw);
    expect(Buffer.byteLength(text)).toBe(1024 * 1024);
    expect(text).toBe("é".repeat(512 * 1024));
  });
});

describe("headerValues", () => {
  it("returns all values of a top-level header, unfolded, in order, ignoring sub-part headers", () => {
    const raw = crlf(["List-Id: <a.example>", "list-id: second", " folded", ...multipart("multipart/mixed", "m", [["List-Id: inner", "", "x"]])]);
    expect(headerValues(raw, parseStructure(raw), "LIST-ID")).toEqual(["<a.example>", "second folded"]);
    expect(headerValues(raw, parseStructure(raw), "precedence")).toEqual([]);
  });
});

describe("round trip with nodemailer's MailComposer", () => {
  it("finds what was composed", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const raw = await new MailComposer({
      from: "Møx <mox@xn--74h.localhost>",
      to: "Jörg <j@mox.example>",
      subject: "Grüße ☺ ".repeat(10).trim(),
      date: new Date("2024-04-15T19:49:02Z"),
      text: "text ☺ ".repeat(30),
      html: '<p>html <img src="cid:img@mox.example"></p>',
      attachments: [
        { filename: "pixel.png", content: png, cid: "img@mox.example", contentType: "image/png" },
        { filename: "résumé.pdf", content: Buffer.from("%PDF"), contentType: "application/pdf" },
      ],
    })
      .compile()
      .build();
    const root = parseStructure(raw);
    const env = parseEnvelope(raw);
    const types = (p: ReturnType<typeof apiStructure>): unknown => [p.ContentType, p.Parts.map(types)];
    expect(types(apiStructure(root))).toEqual([
      "multipart/mixed",
      [["multipart/alternative", [["text/plain", []], ["multipart/related", [["text/html", []], ["image/png", []]]]]], ["application/pdf", []]],
    ]);
    expect(findPart(root, [1]).filename).toBe("résumé.pdf");
    expect(decodedBody(raw, findPart(root, [0, 1, 1]))).toEqual(png);
    expect(decodedBody(raw, findPart(root, [0, 1, 0])).toString()).toBe('<p>html <img src="cid:img@mox.example"></p>');
    // The 2.6 rule looks only at direct sub-parts once it recursed: the alternative's HTML sits in a related part.
    expect(selectText(raw, root)).toEqual({ text: "text ☺ ".repeat(30), html: "" });
    expect(env.subject).toBe("Grüße ☺ ".repeat(10).trim());
    expect(env.from).toEqual([{ Name: "Møx", Address: "mox@☺.localhost" }]);
    expect(env.to).toEqual([{ Name: "Jörg", Address: "j@mox.example" }]);
    expect(env.date).toBe("2024-04-15T19:49:02Z");
  });
});

describe("mutated mail", () => {
  const seed = crlf([
    'From: "A, B" <a@xn--74h.localhost>, =?utf-8?Q?=C3=A9?= <e@x>',
    "To: g: c@x;",
    "Subject: =?iso-8859-1?Q?caf=E9?=",
    "Date: Mon, 15 Apr 2024 21:49:02 +0200",
    "References: <r@x>",
    ...multipart("multipart/mixed", "m", [
      multipart("multipart/alternative", "a", [
        ["Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable", "", "caf=E9 =", "x"],
        html("<p>x</p>"),
      ]),
      ["Content-Type: image/png; name*0*=utf-8''%C3%A9; name*1=.png", "Content-Transfer-Encoding: base64", "", "iVBORw0KGgo="],
    ]),
  ]);
  const specials = Buffer.from('\r\n-=:;"<>()?*%\\ \t\0\xff', "latin1");

  // Deterministic, so a failing case can be reproduced from its iteration number.
  function mutate(input: Buffer, round: number): Buffer {
    let x = round * 2654435761;
    const next = (n: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % Math.max(1, n);
    };
    let out = input;
    for (let k = 0; k <= next(4); k++) {
      const at = next(out.length);
      const len = next(40);
      const choice = next(4);
      if (choice === 0) out = Buffer.concat([out.subarray(0, at), out.subarray(at + len)]);
      else if (choice === 1) out = Buffer.concat([out.subarray(0, at + len), out.subarray(at, at + len), out.subarray(at + len)]);
      else if (choice === 2) out = Buffer.concat([out.subarray(0, at), Buffer.from([specials[next(specials.length)]!]), out.subarray(at)]);
      else out = out.subarray(0, at);
    }
    return out;
  }

  function checkTree(raw: Buffer, root: MimePart, part: MimePart, path: number[]): void {
    expect(part.headerStart).toBeLessThanOrEqual(part.bodyStart);
    expect(part.bodyStart).toBeLessThanOrEqual(part.bodyEnd);
    expect(part.bodyEnd).toBeLessThanOrEqual(raw.length);
    expect(findPart(root, path)).toBe(part);
    expect(part.decodedSize).toBe(part.contentType.startsWith("multipart/") ? 0 : decodedBody(raw, part).length);
    part.parts.forEach((sub, i) => checkTree(raw, root, sub, [...path, i]));
  }

  it("never throws and keeps every part inside the message", () => {
    for (let round = 0; round < 400; round++) {
      const raw = mutate(seed, round);
      const root = parseStructure(raw);
      checkTree(raw, root, root, []);
      expect(JSON.parse(JSON.stringify(root))).toEqual(root);
      parseEnvelope(raw);
      selectText(raw, root);
      headerValues(raw, root, "subject");
    }
  });
});
