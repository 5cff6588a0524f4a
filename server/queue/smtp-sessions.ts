// SMTP sessions kept open for the length of one delivery run, so consecutive messages to the same server share
// a connection instead of paying for TCP, EHLO and TLS each time.
import { openSmtpSession, type SmtpConnectOptions, type SmtpSession } from "../smtp-client/client";

export class SmtpSessions {
  private readonly open = new Map<string, SmtpSession>();

  async get(options: SmtpConnectOptions): Promise<SmtpSession> {
    const key = sessionKey(options);
    const existing = this.open.get(key);
    if (existing) return existing;
    const session = await openSmtpSession(options);
    this.open.set(key, session);
    return session;
  }

  // After a failure that may have broken the connection: the next message connects afresh.
  async discard(options: SmtpConnectOptions): Promise<void> {
    const key = sessionKey(options);
    const session = this.open.get(key);
    this.open.delete(key);
    await session?.close();
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.open.values()];
    this.open.clear();
    await Promise.all(sessions.map((s) => s.close()));
  }
}

function sessionKey(o: SmtpConnectOptions): string {
  return JSON.stringify([o.host, o.ip ?? "", o.port, o.tls, o.verifyTls, o.localHostname, o.auth?.username ?? "", o.socks ?? null]);
}
