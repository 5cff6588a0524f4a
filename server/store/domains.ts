import { parseDomain } from "../address/domain";
import type { Db } from "../db/client";
import { AppError } from "../errors";

export type NewDomain = { name: string; catchallSeparators?: string[]; localpartCaseSensitive?: boolean };

export async function createDomain(db: Db, input: NewDomain) {
  const name = parseDomain(input.name);
  const separators = input.catchallSeparators ?? [];
  if (separators.some((s) => s.length === 0 || /[@\s]/.test(s))) {
    throw new AppError("badSeparator", "catchall separators must be non-empty and contain no @ or white space");
  }
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
