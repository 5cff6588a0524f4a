// Binds one service on every configured address. A port in use is a startup error naming the setting to change;
// an address this machine lacks (::1 without IPv6) is skipped as long as another one binds.
import type { Logger } from "../log/logger";
import { StartupError, errorText } from "../errors";

export type Bound = { host: string; port: number; close: () => Promise<void> };
export type Listen = (host: string, port: number) => Promise<Bound>;

export async function listenAll(
  service: { name: string; portSetting: string },
  hosts: string[],
  port: number,
  listen: Listen,
  logger: Logger,
): Promise<Bound[]> {
  const bound: Bound[] = [];
  try {
    for (const host of hosts) {
      try {
        bound.push(await listen(host, port));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT") {
          logger.warn({ host, port, service: service.name }, `address not available here, skipped (${code})`);
          continue;
        }
        if (code === "EADDRINUSE") {
          throw new StartupError(
            "port",
            `port ${port} on ${host} is already in use (${service.name})`,
            `stop the program using it or set ${service.portSetting} to another port`,
          );
        }
        if (code === "EACCES") {
          throw new StartupError("port", `no permission to listen on port ${port} on ${host} (${service.name})`, `run with the needed privilege or set ${service.portSetting}`);
        }
        throw new StartupError("port", `cannot listen on ${host}:${port} (${service.name}): ${errorText(err)}`, `fix MAILROOM_LISTEN or ${service.portSetting}`);
      }
    }
  } catch (err) {
    await Promise.all(bound.map((b) => b.close()));
    throw err;
  }
  if (bound.length === 0) {
    throw new StartupError("port", `none of the addresses ${hosts.join(", ")} could be used (${service.name})`, "fix MAILROOM_LISTEN");
  }
  for (const b of bound) logger.info({ service: service.name, host: b.host, port: b.port }, "listening");
  return bound;
}
