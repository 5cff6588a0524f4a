// Open SMTP connections per client, shared by all listeners of a process as in mox. An IPv6 client is counted
// per /64: whoever holds one address usually holds the whole network, and would otherwise get a limit per address.
import { isIPv4Address, networkOf } from "../net/ip-network";

const clientKey = (ip: string) => networkOf(ip, isIPv4Address(ip) ? 32 : 64);

export class ConnectionsPerIp {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  // Counts a new connection and returns the function that uncounts it (safe to call more than once), or null
  // when the client already has its limit open.
  take(ip: string): (() => void) | null {
    const key = clientKey(ip);
    const count = this.open.get(key) ?? 0;
    if (count >= this.limit) return null;
    this.open.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(key);
    };
  }

  private release(key: string): void {
    const count = (this.open.get(key) ?? 1) - 1;
    // Keys go away with their last connection, so the map holds only clients that are connected.
    if (count > 0) this.open.set(key, count);
    else this.open.delete(key);
  }
}
