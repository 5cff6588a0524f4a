// Hot statements run by name: prepared once per connection, then executed without being parsed again.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runStatement, statement } from "../../server/db/statement";
import { databaseUrl, unique } from "../helpers/env";

// One connection, so the look at its prepared statements sees the ones the statements made.
const client = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
afterAll(() => client.end());

describe("statements", () => {
  it("are prepared once on a connection and run by name afterwards", async () => {
    const name = unique("stmt-test");
    const s = statement(name, "SELECT $1::int + 1 AS n");
    expect((await runStatement<{ n: number }>(client, s, [1])).rows).toEqual([{ n: 2 }]);
    expect((await runStatement<{ n: number }>(client, s, [41])).rows).toEqual([{ n: 42 }]);
    const { rows } = await client.query<{ name: string; statement: string }>(`SELECT "name", "statement" FROM pg_prepared_statements WHERE "name" = $1`, [name]);
    expect(rows).toEqual([{ name, statement: "SELECT $1::int + 1 AS n" }]);
  });

  it("refuse a name given to another text, so no connection runs the wrong one", () => {
    const name = unique("stmt-twice");
    expect(statement(name, "SELECT 1")).toEqual({ name, text: "SELECT 1" });
    expect(statement(name, "SELECT 1")).toEqual({ name, text: "SELECT 1" });
    expect(() => statement(name, "SELECT 2")).toThrow(/defined twice with different text/);
  });
});
