// Dialers for outgoing SMTP: plain TCP, and a minimal SOCKS5 CONNECT (RFC 1928) without authentication, for
// the "socks" transport. Both give a connected socket on which the SMTP greeting is still unread.
import net from "node:net";
import ipaddr from "ipaddr.js";

export type HostPort = { host: string; port: number };

export function dialTcp(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    const onError = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once("error", onError);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(socket);
    });
  });
}

// Connects to target through the proxy; target may be an IP address or a name the proxy resolves.
export async function dialSocks(proxy: HostPort, target: HostPort, timeoutMs: number): Promise<net.Socket> {
  const deadline = Date.now() + timeoutMs;
  const socket = await dialTcp(proxy.host, proxy.port, timeoutMs);
  const remaining = Math.max(deadline - Date.now(), 1);
  const timer = setTimeout(() => socket.destroy(new Error(`timeout after ${timeoutMs} ms`)), remaining);
  try {
    await handshake(socket, target);
    return socket;
  } catch (err) {
    socket.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

const REPLIES: Record<number, string> = {
  1: "general failure",
  2: "connection not allowed by ruleset",
  3: "network unreachable",
  4: "host unreachable",
  5: "connection refused",
  6: "ttl expired",
  7: "command not supported",
  8: "address type not supported",
};

async function handshake(socket: net.Socket, target: HostPort): Promise<void> {
  // Version 5, one method offered: 0, no authentication.
  socket.write(Buffer.from([5, 1, 0]));
  const choice = await readExactly(socket, 2);
  if (choice[0] !== 5) throw new Error("socks proxy: not a socks5 proxy");
  if (choice[1] !== 0) throw new Error("socks proxy: requires authentication");

  socket.write(connectRequest(target));
  const [version, reply, , addressType] = await readExactly(socket, 4);
  if (version !== 5) throw new Error("socks proxy: malformed reply");
  if (reply !== 0) throw new Error(`socks proxy: ${REPLIES[reply!] ?? `error ${reply}`}`);
  // The bound address that follows is of no use to us, but must be consumed before SMTP starts.
  const addressLength = addressType === 1 ? 4 : addressType === 4 ? 16 : addressType === 3 ? (await readExactly(socket, 1))[0]! : -1;
  if (addressLength < 0) throw new Error("socks proxy: malformed reply");
  await readExactly(socket, addressLength + 2);
}

function connectRequest({ host, port }: HostPort): Buffer {
  const portBytes = [port >> 8, port & 0xff];
  if (net.isIPv4(host)) return Buffer.from([5, 1, 0, 1, ...host.split(".").map(Number), ...portBytes]);
  if (net.isIPv6(host)) return Buffer.from([5, 1, 0, 4, ...ipv6Bytes(host), ...portBytes]);
  const name = Buffer.from(host, "ascii");
  if (name.length === 0 || name.length > 255) throw new Error(`socks proxy: cannot request host ${JSON.stringify(host)}`);
  return Buffer.concat([Buffer.from([5, 1, 0, 3, name.length]), name, Buffer.from(portBytes)]);
}

function ipv6Bytes(ip: string): number[] {
  return ipaddr.IPv6.parse(ip.replace(/%.*$/, "")).toByteArray();
}

// Reads exactly n bytes, leaving whatever follows (the SMTP greeting may come in the same packet) buffered
// on the paused socket for the SMTP client.
function readExactly(socket: net.Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const chunk: Buffer | null = socket.read(n);
      // A shorter chunk only comes at the end of the stream.
      if (chunk) done(() => (chunk.length === n ? resolve(chunk) : reject(new Error("socks proxy: connection closed"))));
    };
    const onError = (err: Error) => done(() => reject(err));
    const onEnd = () => done(() => reject(new Error("socks proxy: connection closed")));
    const done = (settle: () => void) => {
      socket.off("readable", attempt);
      socket.off("error", onError);
      socket.off("end", onEnd);
      socket.off("close", onEnd);
      settle();
    };
    socket.on("readable", attempt);
    socket.once("error", onError);
    socket.once("end", onEnd);
    socket.once("close", onEnd);
    attempt();
  });
}
