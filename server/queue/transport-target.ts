// The one line that says where a transport sends, for the admin page's list and the CLI's.
import type { TransportView } from "./transport-admin";

export function transportTarget(t: TransportView): string {
  switch (t.kind) {
    case "smtp":
    case "submission":
    case "submissions":
      return `${t.settings.host}:${t.settings.port}${t.settings.auth ? ` as ${t.settings.auth.username}` : ""}`;
    case "socks":
      return `via ${t.settings.address}`;
    case "direct":
      return t.settings.disableIpv4 ? "MX hosts, IPv6 only" : t.settings.disableIpv6 ? "MX hosts, IPv4 only" : "MX hosts";
    case "fail":
      return `answers ${t.settings.smtpCode}${t.settings.smtpMessage ? ` ${t.settings.smtpMessage}` : ""}`;
  }
}
