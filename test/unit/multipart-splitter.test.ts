import { describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { MultipartSplitter } from "../../server/webapi/multipart-splitter";

type Part = { header: string; data: Buffer };

// Splits body fed in pieces of the given sizes (cycled) and returns what the splitter reported.
function split(body: Buffer, boundary: string, pieces: number[]): { parts: Part[]; dataCalls: number } {
  const parts: Part[] = [];
  let chunks: Buffer[] = [];
  let header = "";
  let dataCalls = 0;
  const splitter = new MultipartSplitter(boundary, {
    header: (section) => {
      header = section.toString("latin1");
      chunks = [];
    },
    data: (chunk) => {
      dataCalls++;
      chunks.push(Buffer.from(chunk));
    },
    end: () => parts.push({ header, data: Buffer.concat(chunks) }),
  });
  for (let at = 0, i = 0; at < body.length; i++) {
    const size = pieces[i % pieces.length]!;
    splitter.write(body.subarray(at, at + size));
    at += size;
  }
  splitter.end();
  return { parts, dataCalls };
}

const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
// Data that holds a near miss of the separator, a bare "--boundary" without CRLF, and CRLFs.
const tricky = Buffer.from("line\r\n--bound\r\n--boundar\r\nx--boundary\r\n-");
const body = Buffer.concat([
  Buffer.from("preamble to ignore\r\n--boundary  \r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n{\"a\":1}"),
  Buffer.from("\r\n--boundary\r\nContent-Disposition: form-data; name=\"attachedfile\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
  binary,
  Buffer.from("\r\n--boundary\r\n\r\n"),
  tricky,
  Buffer.from("\r\n--boundary--\r\nepilogue --boundary\r\n"),
]);

describe("MultipartSplitter", () => {
  it("finds the same parts however the body is cut into chunks", () => {
    for (const pieces of [[body.length], [1], [2, 3, 5, 7], [13], [64], [1000, 1]]) {
      const { parts } = split(body, "boundary", pieces);
      expect(parts.map((p) => p.header)).toEqual([
        'Content-Disposition: form-data; name="request"',
        'Content-Disposition: form-data; name="attachedfile"; filename="b.bin"\r\nContent-Type: application/octet-stream',
        "",
      ]);
      expect(parts[0]!.data.toString()).toBe('{"a":1}');
      expect(parts[1]!.data.equals(binary)).toBe(true);
      expect(parts[2]!.data.equals(tricky)).toBe(true);
    }
  });

  it("hands over data as it arrives, not only when a part ends", () => {
    expect(split(body, "boundary", [64]).dataCalls).toBeGreaterThan(40);
  });

  it("takes a delimiter on the very first line", () => {
    const { parts } = split(Buffer.from("--b\r\nX: 1\r\n\r\nv\r\n--b--"), "b", [1]);
    expect(parts).toEqual([{ header: "X: 1", data: Buffer.from("v") }]);
  });

  it("refuses bodies without a delimiter, without a close delimiter, or with a runaway header section", () => {
    const message = (input: string | Buffer) => {
      try {
        split(Buffer.from(input), "b", [100]);
        return "";
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).message;
      }
    };
    expect(message("no delimiter here")).toMatch(/without boundary/);
    expect(message("--b\r\nX: 1\r\n\r\ndata that never ends")).toMatch(/without close delimiter/);
    expect(message(Buffer.concat([Buffer.from("--b\r\nX: "), Buffer.alloc(70 * 1024, "x")]))).toMatch(/header section too large/);
  });
});
