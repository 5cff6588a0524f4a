import { describe, expect, it } from "vitest";
import { sniffContentType } from "../../server/message/sniff";

const bytes = (hex: string, rest = "") => Buffer.concat([Buffer.from(hex, "hex"), Buffer.from(rest)]);

describe("sniffContentType", () => {
  it.each<[string, Buffer, string]>([
    ["pdf", Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"), "application/pdf"],
    ["png", bytes("89504e470d0a1a0a0000000d49484452"), "image/png"],
    ["jpeg", bytes("ffd8ffe000104a464946"), "image/jpeg"],
    ["gif", Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), "image/gif"],
    ["webp", Buffer.from("RIFF\x24\x00\x00\x00WEBPVP8 ", "latin1"), "image/webp"],
    ["html after whitespace, any case", Buffer.from(" \r\n<!doctype html><html>"), "text/html; charset=utf-8"],
    ["html comment", Buffer.from("<!-- x -->"), "text/html; charset=utf-8"],
    ["xml", Buffer.from("<?xml version=\"1.0\"?><a/>"), "text/xml; charset=utf-8"],
    ["plain text", Buffer.from("hello ☺\r\nworld\t\x1b"), "text/plain; charset=utf-8"],
    ["utf-16le bom", bytes("fffe6800"), "text/plain; charset=utf-16le"],
    ["zip", bytes("504b0304140000000800"), "application/zip"],
    ["gzip", bytes("1f8b0800000000000003"), "application/x-gzip"],
    ["mp4", bytes("0000001866747970697336d0000000006d703432", "\x00\x00\x00\x00"), "video/mp4"],
    ["wave", Buffer.from("RIFF\x00\x00\x00\x00WAVEfmt ", "latin1"), "audio/wave"],
    ["woff2", Buffer.from("wOF2\x00\x01\x00\x00", "latin1"), "font/woff2"],
    ["unknown binary", bytes("0001020304050607"), ""],
    ["binary after a text prefix", Buffer.from("abc\x00def"), ""],
  ])("detects %s", (_, data, type) => {
    expect(sniffContentType(data)).toBe(type);
  });

  it("does not take a tag prefix for a tag", () => {
    expect(sniffContentType(Buffer.from("<bogus>"))).toBe("text/plain; charset=utf-8");
    expect(sniffContentType(Buffer.from("<b>bold</b>"))).toBe("text/html; charset=utf-8");
  });

  it("looks at the first 512 bytes only", () => {
    expect(sniffContentType(Buffer.concat([Buffer.alloc(512, "a"), Buffer.from([0])]))).toBe("text/plain; charset=utf-8");
  });
});
