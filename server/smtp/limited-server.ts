// An SMTPServer that refuses a client over its limit of open connections before smtp-server builds a connection
// or a session for it: the client reads one 421 line and the socket is gone, so a flood from one address holds
// no more descriptors than the limit. smtp-server's maxClients bounds the listener as a whole. Connections are
// counted here, accepted and refused, and open ones until they close.
import type { Socket } from "node:net";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import type { Metrics, SmtpListener } from "../metrics/metrics";
import type { ConnectionsPerIp } from "./connections-per-ip";

type SocketOptions = Parameters<SMTPServer["connect"]>[1];

// A refused client that never closes its side is cut off after this, not after the idle timeout.
const REFUSED_LINGER_MS = 1000;

export class LimitedSmtpServer extends SMTPServer {
  private readonly perIp: ConnectionsPerIp;
  private readonly counted: { metrics: Metrics; listener: SmtpListener };

  constructor(options: SMTPServerOptions, perIp: ConnectionsPerIp, counted: { metrics: Metrics; listener: SmtpListener }) {
    super(options);
    this.perIp = perIp;
    this.counted = counted;
  }

  override connect(socket: Socket, socketOptions?: SocketOptions): void {
    const { metrics, listener } = this.counted;
    // Without an address the socket is already closed.
    const release = socket.remoteAddress ? this.perIp.take(socket.remoteAddress) : null;
    if (!release) {
      metrics.smtpRefused(listener);
      return refuse(socket);
    }
    const closed = metrics.smtpConnected(listener);
    onceClosed(socket, () => {
      release();
      closed();
    });
    super.connect(socket, socketOptions);
  }
}

// smtp-server takes every listener off a socket when it starts TLS on it (STARTTLS), so ours is put back: the
// plain socket still closes with the connection, and its slot must not stay taken.
function onceClosed(socket: Socket, listener: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    listener();
  };
  socket.once("close", once);
  const strip = socket.removeAllListeners.bind(socket);
  socket.removeAllListeners = (event?: string | symbol) => {
    strip(event);
    if (!done) socket.once("close", once);
    return socket;
  };
}

function refuse(socket: Socket): void {
  socket.on("error", () => undefined);
  socket.end("421 4.7.0 too many open connections from your ip or network\r\n");
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
