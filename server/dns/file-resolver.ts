// Answers DNS lookups from a JSON file in staticResolver's table format, read again on every lookup: a test
// (or someone trying localserve) edits the file and the next DNS check sees it, without real DNS.
import { readFile } from "node:fs/promises";
import { staticResolver, systemResolver, type Resolver } from "../net/resolver";

type Table = Parameters<typeof staticResolver>[0];

export function fileResolver(file: string): Resolver {
  const current = async (): Promise<Resolver> => {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (err) {
      // No file yet: nothing is published.
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return staticResolver({});
      throw err;
    }
    return staticResolver(JSON.parse(text) as Table);
  };
  return {
    resolveMx: async (n) => (await current()).resolveMx(n),
    resolve4: async (n) => (await current()).resolve4(n),
    resolve6: async (n) => (await current()).resolve6(n),
    resolveTxt: async (n) => (await current()).resolveTxt(n),
  };
}

// The resolver the web process checks published records with: a records file when one is configured, else
// the system's, except in localserve, which works offline and so finds nothing.
export function webResolver(o: { recordsFile: string | undefined; localserve: boolean }): Resolver {
  if (o.recordsFile) return fileResolver(o.recordsFile);
  return o.localserve ? staticResolver({}) : systemResolver;
}
