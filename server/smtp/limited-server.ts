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
    socket.once("close", release);
    socket.once("close", metrics.smtpConnected(listener));
    super.connect(socket, socketOptions);
  }
}

function refuse(socket: Socket): void {
  socket.on("error", () => undefined);
  socket.end("421 4.7.0 too many open connections from your ip or network\r\n");
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
}
