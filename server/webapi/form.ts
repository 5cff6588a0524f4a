// The body of a webapi call: an HTML form, url-encoded or multipart (spec 1.2). Multipart parts keep their own
// Content-Type and Content-ID headers, which browsers' and undici's form parsers throw away, so the parsing is
// ours. Multipart bodies are split as they arrive: only the request field and the file parts are kept, and a body
// whose files cannot fit in a message is refused as soon as that is known, holding no more of it.
import type { IncomingMessage } from "node:http";
import { AppError } from "../errors";
import { firstValues, headerFields, parseParameterized } from "../message/header";
import { MultipartSplitter, type PartHandler } from "./multipart-splitter";

export const FILE_FIELDS = ["alternativefile", "inlinefile", "attachedfile"] as const;
export type FileField = (typeof FILE_FIELDS)[number];
export type UploadedFile = { field: FileField; name: string; contentType: string; contentId: string; data: Buffer };
export type WebapiForm = { request: string; files: UploadedFile[] };

// Go's limit for url-encoded forms; larger files go in multipart bodies.
const MAX_URLENCODED = 10 * 1024 * 1024;

export async function readWebapiForm(req: IncomingMessage, maxMessageSize: number): Promise<WebapiForm> {
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
      return readMultipart(req, boundary, maxMessageSize);
    }
    default:
      throw new AppError("protocol", `unsupported content-type ${JSON.stringify(mediaType)}, use application/x-www-form-urlencoded or multipart/form-data`);
  }
}

// Uploaded files arrive as raw bytes, JSON files as base64 inside the request field.
function multipartLimit(maxMessageSize: number): number {
  return Math.ceil(maxMessageSize * 1.4) + 1024 * 1024;
}

// Feeds the body to consume chunk by chunk, at most max bytes. When consume refuses the body, the rest of it is
// still read (and dropped), up to max: a client that is still uploading then reads the answer instead of a reset.
function eachChunk(req: IncomingMessage, max: number, code: "protocol" | "messageTooLarge", consume: (chunk: Buffer) => void): Promise<void> {
  const tooLarge = () => new AppError(code, `request body larger than ${max} bytes`);
  if (Number(req.headers["content-length"] ?? NaN) > max) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    let size = 0;
    let refusal: unknown = null;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        // Paused, not destroyed: the answer still goes out, then the connection closes.
        req.pause();
        return reject(refusal ?? tooLarge());
      }
      if (refusal) return;
      try {
        consume(chunk);
      } catch (err) {
        refusal = err;
      }
    });
    req.once("end", () => (refusal ? reject(refusal) : resolve()));
    req.once("error", (err) => reject(refusal ?? err));
  });
}

// With a Content-Length (as clients nearly always send), the body is read straight into one buffer of that size,
// instead of chunks and then a copy of them all: a large body is held once, not twice.
async function readBody(req: IncomingMessage, max: number, code: "protocol" | "messageTooLarge"): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  const whole = Number.isSafeInteger(declared) && declared >= 0 && declared <= max ? Buffer.allocUnsafe(declared) : null;
  const chunks: Buffer[] = [];
  let size = 0;
  await eachChunk(req, max, code, (chunk) => {
    if (whole && size + chunk.length > whole.length) throw new AppError("protocol", "request body longer than its Content-Length");
    if (whole) chunk.copy(whole, size);
    else chunks.push(chunk);
    size += chunk.length;
  });
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

const PART_HEADERS = ["content-disposition", "content-type", "content-id"];

type OpenPart = { field: string; name: string; contentType: string; contentId: string; chunks: Buffer[]; size: number };

async function readMultipart(req: IncomingMessage, boundary: string, maxMessageSize: number): Promise<WebapiForm> {
  const form: WebapiForm = { request: "", files: [] };
  const collector = partCollector(form, maxMessageSize);
  const splitter = new MultipartSplitter(boundary, collector);
  await eachChunk(req, multipartLimit(maxMessageSize), "messageTooLarge", (chunk) => splitter.write(chunk));
  splitter.end();
  return form;
}

// Keeps the first request field and every file part; other parts are dropped as they stream by. Files count
// towards the message by their base64 size, so uploads that cannot fit are refused while they arrive.
function partCollector(form: WebapiForm, maxMessageSize: number): PartHandler {
  let part: OpenPart | null = null;
  let fileBytes = 0;
  return {
    header(section) {
      const headers = firstValues(headerFields(section, 0, section.length), PART_HEADERS);
      const disposition = parseParameterized(headers.get("content-disposition") ?? "");
      const field = disposition.params.get("name") ?? "";
      const kept = (field === "request" && form.request === "") || isFileField(field);
      part = kept ? { field, name: disposition.params.get("filename") ?? "", contentType: headers.get("content-type") ?? "", contentId: headers.get("content-id") ?? "", chunks: [], size: 0 } : null;
    },
    data(chunk) {
      if (!part) return;
      part.chunks.push(chunk);
      part.size += chunk.length;
      if (!isFileField(part.field)) return;
      fileBytes += chunk.length;
      const encoded = Math.ceil(fileBytes / 3) * 4;
      if (encoded > maxMessageSize) {
        // Nothing of a refused body is kept while the rest of it is read.
        part = null;
        form.files = [];
        throw new AppError("messageTooLarge", `uploaded files encode to more than ${encoded} bytes, larger than the maximum message size of ${maxMessageSize}`);
      }
    },
    end() {
      if (!part) return;
      const data = Buffer.concat(part.chunks, part.size);
      if (isFileField(part.field)) form.files.push({ field: part.field, name: part.name, contentType: part.contentType, contentId: part.contentId, data });
      else form.request = data.toString("utf8");
      part = null;
    },
  };
}

function isFileField(field: string): field is FileField {
  return (FILE_FIELDS as readonly string[]).includes(field);
}
