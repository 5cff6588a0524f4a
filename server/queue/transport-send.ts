// Carrying out an attempt over the chosen transport (spec 10): a relay (smtp, submission, submissions), direct
// delivery to the recipient domain's MX hosts (optionally through SOCKS or limited to one IP family), or the
// fail transport. Returns one outcome per message of the batch.
import { errorText } from "../errors";
import { SmtpClientError, type SmtpConnectOptions, type SmtpSession, type SmtpTransaction } from "../smtp-client/client";
import { directDeliveryRoute } from "./direct-hosts";
import type { DeliveryDeps } from "./delivery-deps";
import type { AttemptOutcome } from "./outcome";
import { envelopeRecipient, envelopeSender, type QueuedMessage } from "./queued-message";
import type { SmtpSessions } from "./smtp-sessions";
import { authMechanisms, type RelayTransport, type TransportSpec } from "./transports";

export type Batch = { messages: QueuedMessage[]; content: Buffer };

type Outcomes = AttemptOutcome[];

const allFail = (batch: Batch, outcome: AttemptOutcome): Outcomes => batch.messages.map(() => outcome);
const failure = (permanent: boolean, error: string, code = 0, secode = ""): AttemptOutcome => ({ ok: false, permanent, code, secode, error, lines: [] });

const REQUIRETLS_UNMET = (why: string) => failure(true, `${why}, but the message requires tls, permanent`, 554, "7.30");

export async function sendOverTransport(deps: DeliveryDeps, sessions: SmtpSessions, transport: TransportSpec | null, batch: Batch): Promise<Outcomes> {
  switch (transport?.kind) {
    case "fail": {
      const { smtpCode, smtpMessage } = transport.settings;
      return allFail(batch, failure(smtpCode >= 500, `transport ${transport.name} fails deliveries${smtpMessage ? `: ${smtpMessage}` : ""}`, smtpCode));
    }
    case "smtp":
    case "submission":
    case "submissions":
      return sendViaRelay(deps, sessions, transport, batch);
    case "socks":
      return sendDirect(deps, sessions, batch, {
        socks: parseHostPort(transport.settings.address),
        localHostname: transport.settings.remoteHostname,
      });
    case "direct":
      return sendDirect(deps, sessions, batch, { disableIpv4: transport.settings.disableIpv4, disableIpv6: transport.settings.disableIpv6 });
    case undefined:
      return sendDirect(deps, sessions, batch, {});
  }
}

export function relayTls(t: RelayTransport): Pick<SmtpConnectOptions, "tls" | "verifyTls"> {
  const verifyTls = !t.settings.starttlsInsecureSkipVerify;
  if (t.kind === "submissions") return { tls: "implicit", verifyTls };
  if (t.settings.noStarttls) return { tls: "none", verifyTls: false };
  return t.kind === "submission" ? { tls: "starttls", verifyTls } : { tls: "opportunistic", verifyTls: false };
}

async function sendViaRelay(deps: DeliveryDeps, sessions: SmtpSessions, t: RelayTransport, batch: Batch): Promise<Outcomes> {
  const auth = t.settings.auth;
  const options: SmtpConnectOptions = {
    host: t.settings.host,
    port: t.settings.port,
    ...relayTls(t),
    ca: deps.trustedCa,
    localHostname: deps.hostname,
    auth: auth && { username: auth.username, password: auth.password, mechanisms: authMechanisms(auth) },
  };
  return attemptOn(sessions, options, batch, { name: t.settings.host, ip: "" });
}

type DirectOptions = { socks?: { host: string; port: number }; localHostname?: string; disableIpv4?: boolean; disableIpv6?: boolean };

async function sendDirect(deps: DeliveryDeps, sessions: SmtpSessions, batch: Batch, o: DirectOptions): Promise<Outcomes> {
  const first = batch.messages[0]!;
  // RequireTLS false means "deliver even where a policy would refuse": the policy is not even looked up.
  const mtaSts = first.requireTls === false ? undefined : deps.mtaSts;
  const route = await directDeliveryRoute(deps.resolver, first.recipientDomain, { disableIpv4: o.disableIpv4, disableIpv6: o.disableIpv6, mtaSts });
  if (!route.ok) return allFail(batch, failure(route.permanent, `${route.error}, ${route.permanent ? "permanent" : "transient"}`));
  const enforced = route.policy?.mode === "enforce";
  // RequireTLS true needs a policy that makes TLS verifiable.
  if (first.requireTls === true && !enforced) return allFail(batch, REQUIRETLS_UNMET("recipient domain has no mta-sts policy"));
  const verified = enforced;
  let last: Outcomes | null = null;
  for (const host of route.hosts) {
    for (const ip of host.ips) {
      const options: SmtpConnectOptions = {
        host: host.host,
        ip,
        port: deps.directPort,
        tls: verified ? "starttls" : "opportunistic",
        verifyTls: verified,
        ca: deps.trustedCa,
        localHostname: o.localHostname ?? deps.hostname,
        socks: o.socks,
      };
      const outcomes = await attemptOn(sessions, options, batch, { name: host.host, ip });
      if (!connectionFailed(outcomes)) return outcomes;
      last = outcomes;
    }
  }
  return last ?? allFail(batch, failure(false, "no mail host could be reached, transient"));
}

// A failure before any reply from the remote, where trying the next host can help.
function connectionFailed(outcomes: Outcomes): boolean {
  return outcomes.every((o) => !o.ok && o.code === 0 && !o.permanent);
}

async function attemptOn(sessions: SmtpSessions, options: SmtpConnectOptions, batch: Batch, remoteMta: { name: string; ip: string }): Promise<Outcomes> {
  let session: SmtpSession;
  try {
    session = await sessions.get(options);
  } catch (err) {
    return allFail(batch, connectFailure(err, options));
  }
  const tx = transaction(batch);
  try {
    const results = await session.send(tx);
    if (connectionFailed(results)) await sessions.discard(options);
    return results.map((r) => ({ ...r, remoteMta }));
  } catch (err) {
    await sessions.discard(options);
    return allFail(batch, { ...connectFailure(err, options), remoteMta });
  }
}

function connectFailure(err: unknown, o: SmtpConnectOptions): AttemptOutcome {
  if (err instanceof SmtpClientError) return { ok: false, permanent: err.permanent, code: err.smtpCode, secode: err.secode, error: err.message, lines: err.lines };
  return failure(false, `${o.host}: ${errorText(err)}, transient`);
}

function transaction({ messages, content }: Batch): SmtpTransaction {
  const first = messages[0]!;
  return {
    from: envelopeSender(first),
    recipients: messages.map(envelopeRecipient),
    message: [first.msgPrefix, content],
    has8bit: first.has8bit,
    smtputf8: first.smtputf8,
    requireTls: first.requireTls === true,
  };
}

function parseHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(":");
  return { host: address.slice(0, i).replace(/^\[(.*)\]$/, "$1"), port: Number(address.slice(i + 1)) };
}
