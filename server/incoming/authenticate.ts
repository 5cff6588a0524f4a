// SPF, DKIM and DMARC for a message received over SMTP, through mailauth with our resolver, so tests answer DNS
// from a table and nothing leaves the machine. The results become the stored message's delivery facts and the
// Authentication-Results header stored in front of it.
import { authenticate } from "mailauth";
import { errorText } from "../errors";
import type { Logger } from "../log/logger";
import { typedResolver, type Resolver } from "../net/resolver";

export type AuthenticationFacts = {
  // SPF passed for the MAIL FROM domain.
  mailFromValidated: boolean;
  // DMARC passed for the From header's domain (SPF or DKIM, aligned).
  msgFromValidated: boolean;
  dkimVerifiedDomains: string[];
  // Authentication-Results and Received-SPF, CRLF-terminated, to store before the message.
  headers: string;
};

export type Connection = { remoteIp: string; helo: string; mailFrom: string; hostname: string };

const status = (r: { status?: { result?: string } } | false | undefined) => (r ? (r.status?.result ?? "") : "");

export async function authenticateMessage(raw: Buffer, c: Connection, resolver: Resolver, logger: Logger): Promise<AuthenticationFacts> {
  try {
    const result = await authenticate(raw, {
      ip: c.remoteIp,
      helo: c.helo,
      sender: c.mailFrom,
      mta: c.hostname,
      resolver: typedResolver(resolver) as never,
      // BIMI would fetch logos over HTTPS; ARC sealing needs keys we do not have.
      disableBimi: true,
      disableArc: true,
    });
    const dkimPassed = (result.dkim.results ?? []).filter((r) => status(r) === "pass").map((r) => r.signingDomain ?? "");
    return {
      mailFromValidated: c.mailFrom !== "" && status(result.spf) === "pass",
      msgFromValidated: status(result.dmarc) === "pass",
      dkimVerifiedDomains: [...new Set(dkimPassed.filter(Boolean).map((d) => d.toLowerCase()))],
      headers: result.headers,
    };
  } catch (err) {
    // A check that cannot run must not lose the message: it is stored as unauthenticated.
    logger.warn({ err: errorText(err) }, "message authentication failed");
    return { mailFromValidated: false, msgFromValidated: false, dkimVerifiedDomains: [], headers: `Authentication-Results: ${c.hostname}; none\r\n` };
  }
}
