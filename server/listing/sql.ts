// Conditions are built up piece by piece, each appending its values to one positional parameter list, so
// callers can put their own parameters first and still use the same list.
export type SqlWhere = { where: string; params: unknown[] };
export type SqlOrdered = SqlWhere & { orderBy: string };

export function addParam(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}
