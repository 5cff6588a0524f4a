import { parseDomain } from "../address/domain";
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";

export type NewDomain = { name: string; catchallSeparators?: string[]; localpartCaseSensitive?: boolean };

export async function createDomain(db: Db | Tx, input: NewDomain) {
  const name = parseDomain(input.name);
  const separators = input.catchallSeparators ?? [];
  checkSeparators(separators);
  if (await db.domain.findUnique({ where: { name: name.ascii } })) {
    throw new AppError("exists", `domain ${name.unicode} already exists`);
  }
  return db.domain.create({
    data: {
      name: name.ascii,
      unicodeName: name.unicode,
      localpartCatchallSeparators: separators,
      localpartCaseSensitive: input.localpartCaseSensitive ?? false,
    },
  });
}

export function checkSeparators(separators: string[]): void {
  if (separators.some((s) => s.length === 0 || /[@\s]/.test(s))) {
    throw new AppError("badSeparator", "catchall separators must be non-empty and contain no @ or white space");
  }
}

// The domain an admin page or command names, in either form; unknown names are a 404 for the caller.
export async function domainByName(db: Db | Tx, input: string) {
  let ascii: string;
  try {
    ascii = parseDomain(input).ascii;
  } catch {
    throw new AppError("unknownDomain", `domain ${JSON.stringify(input)} does not exist here`);
  }
  const domain = await db.domain.findUnique({ where: { name: ascii } });
  if (!domain) throw new AppError("unknownDomain", `domain ${input} does not exist here`);
  return domain;
}
