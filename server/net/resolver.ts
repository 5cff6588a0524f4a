// DNS lookups outgoing delivery needs, behind one interface so tests inject answers and never leave loopback.
import { promises as dns } from "node:dns";

export type MxRecord = { exchange: string; priority: number };

export type Resolver = {
  resolveMx(name: string): Promise<MxRecord[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
  resolveTxt(name: string): Promise<string[][]>;
};

// Errors carry Node's codes: ENOTFOUND and ENODATA mean "no such record", anything else is a lookup failure.
export const systemResolver: Resolver = new dns.Resolver();

export function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOTFOUND" || code === "ENODATA" || code === dns.NOTFOUND || code === dns.NODATA;
}

// A resolver answering from a table, for tests and for localserve: names missing from the table do not exist.
export function staticResolver(records: {
  mx?: Record<string, MxRecord[]>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  txt?: Record<string, string[][]>;
}): Resolver {
  const lookup = <T>(table: Record<string, T[]> | undefined, name: string): Promise<T[]> => {
    const key = name.toLowerCase().replace(/\.$/, "");
    const found = table?.[key];
    if (found && found.length > 0) return Promise.resolve(found);
    return Promise.reject(Object.assign(new Error(`queryX ENOTFOUND ${name}`), { code: "ENOTFOUND" }));
  };
  return {
    resolveMx: (n) => lookup(records.mx, n),
    resolve4: (n) => lookup(records.a, n),
    resolve6: (n) => lookup(records.aaaa, n),
    resolveTxt: (n) => lookup(records.txt, n),
  };
}

// mailauth asks by record type, the way dns.promises.resolve does. Types we cannot answer (PTR, used only by
// SPF's discouraged "ptr" mechanism) are "not found", which SPF treats as a non-match.
export type TypedResolver = (name: string, rrtype: string) => Promise<unknown[]>;

export function typedResolver(resolver: Resolver): TypedResolver {
  return (name, rrtype) => {
    switch (rrtype.toUpperCase()) {
      case "TXT":
        return resolver.resolveTxt(name);
      case "MX":
        return resolver.resolveMx(name);
      case "A":
        return resolver.resolve4(name);
      case "AAAA":
        return resolver.resolve6(name);
      default:
        return Promise.reject(Object.assign(new Error(`query${rrtype} ENOTFOUND ${name}`), { code: "ENOTFOUND" }));
    }
  };
}
