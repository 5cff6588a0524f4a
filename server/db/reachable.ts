// Before a process starts, it connects once to PostgreSQL so that a wrong URL or a stopped server is one clear
// line, not a stack trace from deep inside a query.
import { StartupError, errorText } from "../errors";
import { withPgClient } from "./pg-client";
import { describeDatabaseUrl } from "./url";

export async function assertDatabaseReachable(url: string, timeoutMs = 5000): Promise<void> {
  try {
    await withPgClient(url, (client) => client.query("SELECT 1"), timeoutMs);
  } catch (err) {
    throw databaseStartupError(err, describeDatabaseUrl(url));
  }
}

function databaseStartupError(err: unknown, where: string): StartupError {
  const code = (err as { code?: string }).code;
  if (code === "3D000") {
    return new StartupError("database", `PostgreSQL at ${where}: the database does not exist`, "create it (createdb) or fix DATABASE_URL");
  }
  if (code === "28P01" || code === "28000") {
    return new StartupError("database", `PostgreSQL at ${where} refused the login in DATABASE_URL`, "fix the user or password in DATABASE_URL");
  }
  return new StartupError(
    "database",
    `PostgreSQL is not reachable at ${where} (${errorText(err)})`,
    "start PostgreSQL, or fix DATABASE_URL, or unset it to use the embedded PostgreSQL",
  );
}
