// A real HTTP server on 127.0.0.1 that receives webhooks. Each request is recorded and answered as the test
// says: a status and body, or "hang" to keep it waiting until released (for timeouts and in-flight cases).
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedHook = { path: string; headers: http.IncomingHttpHeaders; body: string; id: string; attempt: number };
export type Answer = { status: number; body: string; delayMs?: number } | "hang";

export type HookReceiver = {
  url(path: string): string;
  received: ReceivedHook[];
  answer: (hook: ReceivedHook) => Answer;
  // Answers the waiting requests with 200 "ok\n".
  release(): void;
  close(): Promise<void>;
};

export const OK = { status: 200, body: "ok\n" } satisfies Answer;

export async function startHookReceiver(answer: (hook: ReceivedHook) => Answer = () => OK): Promise<HookReceiver> {
  const waiting = new Set<http.ServerResponse>();
  const receiver: HookReceiver = {
    url: () => "",
    received: [],
    answer,
    release: () => {
      for (const res of waiting) res.end("ok\n");
      waiting.clear();
    },
    close: async () => {
      receiver.release();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const hook: ReceivedHook = {
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      id: String(req.headers["x-mox-webhook-id"] ?? ""),
      attempt: Number(req.headers["x-mox-webhook-attempt"]),
    };
    receiver.received.push(hook);
    const a = receiver.answer(hook);
    if (a === "hang") {
      waiting.add(res);
      return;
    }
    setTimeout(() => res.writeHead(a.status, { "Content-Type": "text/plain" }).end(a.body), a.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  receiver.url = (path) => `http://127.0.0.1:${port}${path}`;
  return receiver;
}
