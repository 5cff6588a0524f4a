import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { apiStructure, decodedBody, findPart, parseStructure, type MimePart } from "../../server/message/structure";

const crlf = (lines: string[]) => Buffer.from(lines.join("\r\n"), "utf8");
const lf = (lines: string[]) => Buffer.from(lines.join("\n"), "utf8");

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const PDF = Buffer.from("%PDF-1.4\r\n%\xe2\xe3\xcf\xd3\r\n1 0 obj << /Type /Catalog >> endobj\r\ntrailer\r\n%%EOF\r\n", "latin1");
const TEXT = "Café au lait, a line that is soft-broken.\r\nSecond line.\r\n";
const HTML = '<p>hi <img src="cid:img@mox.example"></p>\r\n';

// mixed(related(alternative(text, html), png), pdf), as a Send with text, HTML, an inline and an attached file.
function composite(lines: (parts: string[]) => Buffer = crlf): Buffer {
  const pdf = PDF.toString("base64");
  return lines([
    "From: mjl@mox.example",
    "Subject: test",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="outer"',
    "",
    "This is a multi-part message in MIME format.",
    "--outer",
    "Content-Type: multipart/related; boundary=rel",
    "",
    "--rel",
    "Content-Type: multipart/alternative;",
    '\tboundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Caf=C3=A9 au lait, a line that is soft-=",
    "broken.   ",
    "Second line.",
    "",
    "--alt",
    "Content-Type: text/html; charset=us-ascii",
    "Content-Transfer-Encoding: 7bit",
    "",
    HTML.trimEnd(),
    "",
    "--alt--",
    "",
    "--rel",
    `Content-Type: image/png; name="=?utf-8?B?${Buffer.from("élève.png").toString("base64")}?="`,
    "Content-ID: <img@mox.example> ",
    "Content-Disposition: INLINE",
    "Content-Transfer-Encoding: BASE64",
    "",
    PNG.toString("base64"),
    "--rel--",
    "--outer",
    "Content-Type: application/pdf",
    "Content-Disposition: attachment;",
    " filename*=utf-8''r%C3%A9sum%C3%A9.pdf",
    "Content-Transfer-Encoding: base64",
    "",
    pdf.slice(0, 40),
    pdf.slice(40),
    "--outer--",
    "epilogue",
    "",
  ]);
}

function leaf(contentType: string, extra: Partial<ReturnType<typeof apiStructure>>): ReturnType<typeof apiStructure> {
  return { ContentType: contentType, ContentTypeParams: {}, ContentID: "", ContentDisposition: "", Filename: "", DecodedSize: 0, Parts: [], ...extra };
}

function bodyText(raw: Buffer, part: MimePart): string {
  return raw.toString("latin1", part.bodyStart, part.bodyEnd);
}

function depth(part: MimePart): number {
  let levels = 1;
  for (let p = part; p.parts[0]; p = p.parts[0]) levels++;
  return levels;
}

// Deterministic bytes, so a failure can be reproduced.
function pseudoRandom(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("parseStructure", () => {
  const raw = composite();
  const root = parseStructure(raw);

  // Containers report DecodedSize 0, as mox does: only leaf parts are decoded.
  it("gives the webapi structure of mixed(related(alternative(text, html), png), pdf)", () => {
    const structure = apiStructure(root);
    expect(structure).toEqual({
      ...leaf("multipart/mixed", { ContentTypeParams: { boundary: "outer" } }),
      Parts: [
        {
          ...leaf("multipart/related", { ContentTypeParams: { boundary: "rel" } }),
          Parts: [
            {
              ...leaf("multipart/alternative", { ContentTypeParams: { boundary: "alt" } }),
              Parts: [
                leaf("text/plain", { ContentTypeParams: { charset: "UTF-8" }, DecodedSize: Buffer.byteLength(TEXT) }),
                leaf("text/html", { ContentTypeParams: { charset: "us-ascii" }, DecodedSize: HTML.length }),
              ],
            },
            leaf("image/png", {
              ContentTypeParams: { name: `=?utf-8?B?${Buffer.from("élève.png").toString("base64")}?=` },
              ContentID: "<img@mox.example>",
              ContentDisposition: "inline",
              Filename: "élève.png",
              DecodedSize: PNG.length,
            }),
          ],
        },
        leaf("application/pdf", { ContentDisposition: "attachment", Filename: "résumé.pdf", DecodedSize: PDF.length }),
      ],
    });
  });

  it("is plain JSON: storing and loading it changes nothing", () => {
    expect(JSON.parse(JSON.stringify(root))).toEqual(root);
  });

  it("ends a part right before the line break that precedes the next delimiter", () => {
    expect(bodyText(raw, findPart(root, [0, 0, 1]))).toBe(HTML);
    expect(bodyText(raw, findPart(root, [0, 1]))).toBe(PNG.toString("base64"));
    expect(bodyText(raw, findPart(root, [0, 0]))).toMatch(/^--alt\r\n[^]*--alt--\r\n$/);
  });

  it("keeps the multipart body as stored for a multipart, preamble and epilogue included", () => {
    const body = decodedBody(raw, root).toString("latin1");
    expect(body.startsWith("This is a multi-part message in MIME format.\r\n--outer\r\n")).toBe(true);
    expect(body.endsWith("--outer--\r\nepilogue\r\n")).toBe(true);
    // Its DecodedSize is 0 all the same, as in mox: only leaf parts count as decoded.
    expect(root.decodedSize).toBe(0);
  });

  it("decodes base64 and quoted-printable bodies to exact bytes, CRLF kept", () => {
    expect(decodedBody(raw, findPart(root, [0, 1]))).toEqual(PNG);
    expect(decodedBody(raw, findPart(root, [1]))).toEqual(PDF);
    expect(decodedBody(raw, findPart(root, [0, 0, 0])).toString("utf8")).toBe(TEXT);
    expect(decodedBody(raw, findPart(root, [0, 0, 1])).toString("utf8")).toBe(HTML);
  });

  it("parses the same tree from bare-LF mail", () => {
    const bare = composite(lf);
    const tree = parseStructure(bare);
    const types = (p: MimePart): unknown => [p.contentType, p.parts.map(types)];
    expect(types(tree)).toEqual(types(root));
    expect(decodedBody(bare, findPart(tree, [0, 0, 0])).toString("utf8")).toBe(TEXT.replaceAll("\r\n", "\n"));
    expect(decodedBody(bare, findPart(tree, [0, 1]))).toEqual(PNG);
    expect(findPart(tree, [1]).filename).toBe("résumé.pdf");
  });

  it("reads a single-part message", () => {
    const single = crlf(["Subject: hi", "content-type: TEXT/Plain ; Charset=\"ISO-8859-1\"", "", "caf\xe9", ""]);
    const part = parseStructure(single);
    expect(part).toMatchObject({ contentType: "text/plain", params: { charset: "ISO-8859-1" }, parts: [], bodyEnd: single.length });
    expect(bodyText(single, part)).toBe(Buffer.from("caf\xe9\r\n").toString("latin1"));
    expect(part.decodedSize).toBe(part.bodyEnd - part.bodyStart);
  });

  it("defaults to text/plain without params when Content-Type is absent or unparsable", () => {
    for (const header of [[], ["Content-Type: garbage"], ["Content-Type: text/"], ["Content-Type: a/b/c"]]) {
      const part = parseStructure(crlf([...header, "", "x"]));
      expect(part.contentType).toBe("text/plain");
      expect(apiStructure(part).ContentTypeParams).toEqual({});
    }
  });

  it("uses the first of repeated headers, with names in any case", () => {
    const part = parseStructure(crlf(["CONTENT-TYPE: image/gif", "Content-Type: image/jpeg", "content-id: <a@b>", "", "x"]));
    expect([part.contentType, part.contentId]).toEqual(["image/gif", "<a@b>"]);
  });

  it("decodes RFC 2231 continuations and charsets, the extended form winning", () => {
    const part = parseStructure(
      crlf([
        "Content-Type: application/x-test; title*=iso-8859-1'en'%E9t%E9; note*0=\"a; b\"; note*1=\" c\";",
        " name=plain; name*0*=utf-8''%C3%A9; name*1=\".txt\"",
        "",
        "x",
      ]),
    );
    expect(part.params).toEqual({ title: "été", note: "a; b c", name: "é.txt" });
    expect(part.filename).toBe("é.txt");
  });

  it("keeps raw UTF-8 in RFC 2231 values and reads an absent charset as UTF-8", () => {
    const part = parseStructure(crlf(["Content-Disposition: attachment; filename*=''%C3%A9-é.txt", "", "x"]));
    expect(part.filename).toBe("é-é.txt");
  });

  it("keeps message/rfc822 a leaf", () => {
    const raw = crlf(["Content-Type: message/rfc822", "", "Content-Type: multipart/mixed; boundary=x", "", "--x", "", "a", "--x--"]);
    const part = parseStructure(raw);
    expect(part.parts).toEqual([]);
    expect(() => findPart(part, [0])).toThrow("part 0 at index 0 not found");
  });

  it("does not take a nested boundary that extends the outer one for the outer delimiter", () => {
    const nested = crlf([
      "Content-Type: multipart/mixed; boundary=abc",
      "",
      "--abc",
      "Content-Type: multipart/alternative; boundary=abcdef",
      "",
      "--abcdef",
      "",
      "one",
      "--abcdef  ",
      "",
      "two",
      "--abcdef--",
      "--abc",
      "",
      "three",
      "--abc--  ",
    ]);
    const tree = parseStructure(nested);
    expect(tree.parts.map((p) => p.contentType)).toEqual(["multipart/alternative", "text/plain"]);
    expect(tree.parts[0]!.parts.map((p) => bodyText(nested, p))).toEqual(["one", "two"]);
    expect(bodyText(nested, tree.parts[1]!)).toBe("three");
  });

  it("runs the last part to the end when the boundary never closes", () => {
    const open = crlf(["Content-Type: multipart/mixed; boundary=b", "", "--b", "", "first", "--b", "Content-Type: text/html", "", "<p>second", ""]);
    const tree = parseStructure(open);
    expect(tree.parts.map((p) => [p.contentType, bodyText(open, p)])).toEqual([
      ["text/plain", "first"],
      ["text/html", "<p>second\r\n"],
    ]);
  });

  it("has no parts when no delimiter is found or the boundary is missing", () => {
    expect(parseStructure(crlf(["Content-Type: multipart/mixed; boundary=b", "", "--bx", "--c"])).parts).toEqual([]);
    expect(parseStructure(crlf(["Content-Type: multipart/mixed", "", "--b", "", "x", "--b--"])).parts).toEqual([]);
  });

  it("ends a header without an empty line at the first line that is not a field", () => {
    const headerOnly = crlf(["Subject: x", "From: a@b.example"]);
    expect(parseStructure(headerOnly)).toMatchObject({ bodyStart: headerOnly.length, bodyEnd: headerOnly.length, decodedSize: 0 });

    const noSeparator = crlf(["Content-Type: text/html", "<p>hello</p>", "", "more", ""]);
    const part = parseStructure(noSeparator);
    expect([part.contentType, bodyText(noSeparator, part)]).toEqual(["text/html", "<p>hello</p>\r\n\r\nmore\r\n"]);

    const inMultipart = crlf(["Content-Type: multipart/mixed; boundary=b", "", "--b", "just text", "--b--"]);
    const sub = parseStructure(inMultipart).parts[0]!;
    expect([sub.contentType, bodyText(inMultipart, sub)]).toEqual(["text/plain", "just text"]);
  });

  it("treats mail that starts with an empty line as header-less", () => {
    const part = parseStructure(Buffer.from("\r\nContent-Type: text/html\r\n"));
    expect([part.contentType, part.bodyStart]).toEqual(["text/plain", 2]);
  });

  it("replaces NUL in header values, which PostgreSQL cannot store", () => {
    const part = parseStructure(Buffer.from("Content-ID: <a\0b>\r\nContent-Type: text/plain; name=\"x%00\"; x*=''%00\r\n\r\n\0"));
    expect(part.contentId).toBe("<a\uFFFDb>");
    expect(part.params.x).toBe("\uFFFD");
    expect(JSON.stringify(part)).not.toContain("\\u0000");
  });

  it("survives 1 MiB of random bytes", () => {
    const garbage = pseudoRandom(1024 * 1024, 42);
    const part = parseStructure(garbage);
    expect(part.bodyEnd).toBe(garbage.length);
    expect(part.bodyStart).toBeLessThanOrEqual(part.bodyEnd);
    expect(part.contentType).toMatch(/^[a-z0-9!#$%&'*+\-.^_`{|}~]+\/[a-z0-9!#$%&'*+\-.^_`{|}~]+$/);
    expect(JSON.parse(JSON.stringify(part))).toEqual(part);
  });

  it("survives random bytes inside a multipart with garbage transfer encodings", () => {
    const noise = pseudoRandom(256 * 1024, 7).toString("latin1");
    const raw = Buffer.from(
      `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\n${noise}\r\n--b\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${noise}=\r\n--b--`,
      "latin1",
    );
    const tree = parseStructure(raw);
    expect(tree.parts).toHaveLength(2);
    expect(tree.parts[0]!.decodedSize).toBeLessThan(noise.length);
    expect(tree.parts[1]!.decodedSize).toBeLessThanOrEqual(noise.length);
  });

  it("caps nesting, so 5000 nested multiparts do not overflow the stack", () => {
    const levels = 5000;
    const open = Array.from({ length: levels }, (_, i) => `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}\r\n`).join("");
    const close = Array.from({ length: levels }, (_, i) => `\r\n--b${levels - 1 - i}--`).join("");
    const raw = Buffer.from(`${open}Content-Type: text/plain\r\n\r\ndeep${close}`);
    const tree = parseStructure(raw);
    expect(depth(tree)).toBe(51);
    expect(JSON.parse(JSON.stringify(apiStructure(tree))).ContentType).toBe("multipart/mixed");
  });

  it("caps the number of parts", () => {
    const raw = Buffer.from(`Content-Type: multipart/mixed; boundary=b\r\n\r\n${"--b\r\n\r\nx\r\n".repeat(20_000)}--b--`);
    expect(parseStructure(raw).parts).toHaveLength(10_000);
  });
});

describe("findPart", () => {
  const root = parseStructure(composite());

  it("follows a path of sub-part indexes; the empty path is the message", () => {
    expect(findPart(root, [0, 0, 1]).contentType).toBe("text/html");
    expect(findPart(root, [])).toBe(root);
    expect(findPart(root, [1]).contentType).toBe("application/pdf");
  });

  it.each([
    [[2], "part 2 at index 0 not found"],
    [[0, 0, 1, 0], "part 0 at index 3 not found"],
    [[0, -1], "part -1 at index 1 not found"],
  ])("rejects %j with partNotFound", (path, message) => {
    let error: unknown;
    try {
      findPart(root, path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "partNotFound", message });
  });
});
