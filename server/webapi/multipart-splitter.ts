// A multipart body split into parts as it arrives (RFC 2046 5.1.1, RFC 7578), so that a reader can count, keep
// or drop each part's data chunk by chunk instead of holding the whole body first.
import { AppError } from "../errors";

export type PartHandler = {
  header: (section: Buffer) => void; // the part's header section, without the empty line ending it
  data: (chunk: Buffer) => void; // a piece of the part's data, in order
  end: () => void;
};

type State = "preamble" | "delimiter" | "header" | "data" | "done";

// A header section of a form part holds a disposition and a type; 64 KiB is far beyond any real one.
const MAX_HEADER_SECTION = 64 * 1024;
// Transport padding after a delimiter is whitespace; a line longer than this is no delimiter line.
const MAX_DELIMITER_LINE = 1024;
const EMPTY = Buffer.alloc(0);

export class MultipartSplitter {
  // A virtual CRLF before the body, so that a delimiter on the first line is found like every later one.
  private pending: Buffer = Buffer.from("\r\n");
  private state: State = "preamble";
  private readonly separator: Buffer;

  constructor(
    boundary: string,
    private readonly handler: PartHandler,
  ) {
    this.separator = Buffer.from(`\r\n--${boundary}`);
  }

  write(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.step());
  }

  end(): void {
    if (this.state === "preamble") throw new AppError("protocol", "parsing form: multipart body without boundary");
    if (this.state !== "done") throw new AppError("protocol", "parsing form: multipart body ends without close delimiter");
  }

  // Consumes what it can from pending; true when another step may consume more.
  private step(): boolean {
    switch (this.state) {
      case "preamble":
      case "data":
        return this.untilSeparator();
      case "delimiter":
        return this.delimiterLine();
      case "header":
        return this.headerSection();
      case "done":
        // The epilogue is ignored.
        this.pending = EMPTY;
        return false;
    }
  }

  private untilSeparator(): boolean {
    const at = this.pending.indexOf(this.separator);
    if (at < 0) {
      // The end of pending may be the start of a separator split across chunks.
      const keep = Math.min(this.pending.length, this.separator.length - 1);
      if (this.state === "data" && this.pending.length > keep) this.handler.data(this.pending.subarray(0, this.pending.length - keep));
      this.pending = this.pending.subarray(this.pending.length - keep);
      return false;
    }
    if (this.state === "data") {
      if (at > 0) this.handler.data(this.pending.subarray(0, at));
      this.handler.end();
    }
    this.pending = this.pending.subarray(at + this.separator.length);
    this.state = "delimiter";
    return true;
  }

  // After the boundary: "--" closes the body; anything else up to the line end is transport padding.
  private delimiterLine(): boolean {
    if (this.pending.length < 2) return false;
    if (this.pending[0] === 0x2d && this.pending[1] === 0x2d) {
      this.state = "done";
      return true;
    }
    const lineEnd = this.pending.indexOf("\r\n");
    if (lineEnd < 0) {
      if (this.pending.length > MAX_DELIMITER_LINE) throw new AppError("protocol", "parsing form: malformed multipart delimiter line");
      return false;
    }
    this.pending = this.pending.subarray(lineEnd + 2);
    this.state = "header";
    return true;
  }

  // The header section may be empty: then the part starts with the empty line.
  private headerSection(): boolean {
    if (this.pending.length < 2) return false;
    const empty = this.pending[0] === 0x0d && this.pending[1] === 0x0a;
    const end = empty ? 0 : this.pending.indexOf("\r\n\r\n");
    if (end < 0) {
      if (this.pending.length > MAX_HEADER_SECTION) throw new AppError("protocol", "parsing form: multipart part header section too large");
      return false;
    }
    this.handler.header(this.pending.subarray(0, end));
    this.pending = this.pending.subarray(end + (empty ? 2 : 4));
    this.state = "data";
    return true;
  }
}
