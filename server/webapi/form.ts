// The body of a webapi call: an HTML form, url-encoded or multipart (spec 1.2). Multipart parts keep their own
// Content-Type and Content-ID headers, which browsers' and undici's form parsers throw away, so the parsing is
// ours. Bodies are read with a size cap and never grow past it in memory.
import type { IncomingMessage } from "node:http";
import { AppError } from "../errors";
import { firstValues, headerFields, parseParameterized } from "../message/header";

export const FILE_FIELDS = ["alternativefile", "inlinefile", "attachedfile"] as const;
export type FileField = (typeof FILE_FIELDS)[number];
export type UploadedFile = { field: FileField; name: string; contentType: string; contentId: string; data: Buffer };
export type WebapiForm = { request: string; files: UploadedFile[] };

// Go's limit for url-encoded forms; larger files go in multipart bodies.
const MAX_URLENCODED = 10 * 1024 * 1024;

export async function readWebapiForm(req: IncomingMessage, maxMultipart: number): Promise<WebapiForm> {
  const contentType = req.headers["content-type"] ?? "";
  const { value: mediaType, params } = parseParameterized(contentType);
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(mediaType)) {
    throw new AppError("protocol", `unknown content-type ${JSON.stringify(contentType)}`);
  }
  switch (mediaType.toLowerCase()) {
    case "application/x-www-form-urlencoded":
      return { request: urlencodedField((await readBody(req, MAX_URLENCODED, "protocol")).toString("latin1"), "request"), files: [] };
    case "multipart/form-data": {
      const boundary = params.get("boundary");
      if (!boundary) throw new AppError("protocol", "parsing form: multipart content-type without boundary");
      return parseMultipart(await readBody(req, maxMultipart, "messageTooLarge"), boundary);
    }
    default:
      throw new AppError("protocol", `unsupported content-type ${JSON.stringify(mediaType)}, use application/x-www-form-urlencoded or multipart/form-data`);
  }
}

// With a Content-Length (as clients nearly always send), the body is read straight into one buffer of that size,
// instead of chunks and then a copy of them all: a large upload is held once, not twice.
async function readBody(req: IncomingMessage, max: number, code: "protocol" | "messageTooLarge"): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  const tooLarge = () => new AppError(code, `request body larger than ${max} bytes`);
  if (declared > max) throw tooLarge();
  const whole = Number.isSafeInteger(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size + chunk.length > max) throw tooLarge();
    if (whole && size + chunk.length > whole.length) throw new AppError("protocol", "request body longer than its Content-Length");
    if (whole) chunk.copy(whole, size);
    else chunks.push(chunk);
    size += chunk.length;
  }
  return whole ? whole.subarray(0, size) : Buffer.concat(chunks);
}

// Returns the first value of a field. Percent-escapes must be valid and decode to UTF-8.
function urlencodedField(body: string, name: string): string {
  for (const pair of body.split("&")) {
    const eq = pair.indexOf("=");
    const key = decodeFormComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (key === name) return decodeFormComponent(eq < 0 ? "" : pair.slice(eq + 1));
  }
  return "";
}

function decodeFormComponent(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw new AppError("protocol", "parsing form: invalid percent-encoding or invalid UTF-8");
  }
}

function parseMultipart(body: Buffer, boundary: string): WebapiForm {
  const form: WebapiForm = { request: "", files: [] };
  for (const part of splitMultipart(body, boundary)) {
    const headers = firstValues(headerFields(part.header, 0, part.header.length), PART_HEADERS);
    const disposition = parseParameterized(headers.get("content-disposition") ?? "");
    const field = disposition.params.get("name") ?? "";
    if (field === "request" && form.request === "") form.request = part.data.toString("utf8");
    if (!(FILE_FIELDS as readonly string[]).includes(field)) continue;
    form.files.push({
      field: field as FileField,
      name: disposition.params.get("filename") ?? "",
      contentType: headers.get("content-type") ?? "",
      contentId: headers.get("content-id") ?? "",
      data: part.data,
    });
  }
  return form;
}

type RawPart = { header: Buffer; data: Buffer };

const PART_HEADERS = ["content-disposition", "content-type", "content-id"];

// The parts between "--boundary" delimiter lines, up to the close delimiter.
function splitMultipart(body: Buffer, boundary: string): RawPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  // A preamble before the first delimiter is allowed and ignored.
  const leading = body.subarray(0, delimiter.length).equals(delimiter);
  const first = body.indexOf(separator);
  if (!leading && first < 0) throw new AppError("protocol", "parsing form: multipart body without boundary");
  const parts: RawPart[] = [];
  let pos = leading ? delimiter.length : first + separator.length;
  while (body.subarray(pos, pos + 2).toString("latin1") !== "--") {
    const lineEnd = body.indexOf("\r\n", pos);
    const next = body.indexOf(separator, pos);
    if (lineEnd < 0 || next < 0) throw new AppError("protocol", "parsing form: multipart body ends without close delimiter");
    parts.push(splitPart(body.subarray(lineEnd + 2, next)));
    pos = next + separator.length;
  }
  return parts;
}

// A part is a header section, an empty line and the data; the header section may be empty.
function splitPart(part: Buffer): RawPart {
  if (part.subarray(0, 2).toString("latin1") === "\r\n") return { header: Buffer.alloc(0), data: part.subarray(2) };
  const end = part.indexOf("\r\n\r\n");
  if (end < 0) throw new AppError("protocol", "parsing form: multipart part without header section");
  return { header: part.subarray(0, end), data: part.subarray(end + 4) };
}
