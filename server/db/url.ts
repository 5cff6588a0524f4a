// Connection strings appear in logs and error lines without their password.
export function describeDatabaseUrl(url: string): string {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, "") || "(default database)";
  return `${u.hostname || "localhost"}:${u.port || "5432"}/${db}`;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
