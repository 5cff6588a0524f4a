// Peak resident memory of the webapi process while it takes large multipart Sends: accepted ones near the size
// limit and oversized ones it must refuse, one at a time and four at once. Uploads stream from files on disk, the
// way `curl -F attachedfile=@big.bin` sends them; the figure that counts is the peak per request as a multiple of
// the message size limit.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { openAsBlob } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../server/db/client";
import type { ServerCommand, ServerReply } from "./large-send-server";
import { provisionSender } from "./sender";

const MiB = 1024 * 1024;
export const MAX_MESSAGE_SIZE = 100 * MiB;

export type LargeSendCase = { label: string; fileBytes: number; concurrent: number; statuses: string; peakAboveIdle: number };
export type LargeSendBench = { cases: LargeSendCase[]; idleRss: number };

async function randomFile(dir: string, bytes: number, name: string): Promise<string> {
  const path = join(dir, name);
  const file = await open(path, "w");
  for (let left = bytes; left > 0; left -= MiB) await file.write(randomBytes(Math.min(MiB, left)));
  await file.close();
  return path;
}

function ask(child: ChildProcess, command: ServerCommand): Promise<ServerReply> {
  return new Promise((resolve) => {
    child.once("message", (m: ServerReply) => resolve(m));
    child.send(command);
  });
}

type Upload = { kind: string; bytes: number; path: string };

async function sendFile(apiUrl: string, authorization: string, path: string): Promise<string> {
  const form = new FormData();
  form.append("request", JSON.stringify({ To: [{ Address: "rcpt@remote.example" }], Subject: "large", Text: "see the attachment\n" }));
  form.append("attachedfile", new File([await openAsBlob(path)], "data.bin", { type: "application/octet-stream" }));
  const res = await fetch(`${apiUrl}/webapi/v0/Send`, { method: "POST", headers: { Authorization: authorization }, body: form });
  const body = (await res.json()) as { Code?: string };
  return res.ok ? "200" : `400 ${body.Code}`;
}

// A fresh process for each case: memory freed by one case stays resident and would hide the next one's peak.
async function startServer(url: string): Promise<{ child: ChildProcess; apiUrl: string }> {
  const child = fork(new URL("./large-send-server.ts", import.meta.url), {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, BENCH_DATABASE_URL: url, BENCH_MAX_MESSAGE_SIZE: String(MAX_MESSAGE_SIZE) },
  });
  const { port } = (await new Promise((resolve) => child.once("message", resolve))) as { port: number };
  return { child, apiUrl: `http://127.0.0.1:${port}` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.disconnect();
  await exited;
}

async function measure(url: string, authorization: string, warmUp: string, upload: Upload, concurrent: number): Promise<LargeSendCase & { idle: number }> {
  const { child, apiUrl } = await startServer(url);
  try {
    // One small Send first, so that the idle figure includes the code and the pools a Send uses.
    await sendFile(apiUrl, authorization, warmUp);
    const { rss } = (await ask(child, "reset")) as { rss: number };
    const statuses = await Promise.all(Array.from({ length: concurrent }, () => sendFile(apiUrl, authorization, upload.path)));
    const { peak } = (await ask(child, "peak")) as { peak: number };
    const label = `${upload.kind} ${upload.bytes / MiB} MB file × ${concurrent}`;
    return { label, fileBytes: upload.bytes, concurrent, statuses: [...new Set(statuses)].join(", "), peakAboveIdle: peak - rss, idle: rss };
  } finally {
    await stopServer(child);
  }
}

export async function benchLargeSend(db: Db, url: string): Promise<LargeSendBench> {
  const authorization = await provisionSender(db, "bench.example", "bench");
  const dir = await mkdtemp(join(tmpdir(), "mailroom-bench-"));
  try {
    const warmUp = await randomFile(dir, 1024, "small.bin");
    const sizes = { accepted: 60 * MiB, refused: 130 * MiB };
    const cases: LargeSendCase[] = [];
    let idleRss = 0;
    for (const [kind, bytes] of Object.entries(sizes)) {
      const upload = { kind, bytes, path: await randomFile(dir, bytes, `${kind}.bin`) };
      for (const concurrent of [1, 4]) {
        const { idle, ...result } = await measure(url, authorization, warmUp, upload, concurrent);
        idleRss = Math.max(idleRss, idle);
        cases.push(result);
      }
    }
    return { cases, idleRss };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
