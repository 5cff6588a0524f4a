// The delivery claim finds a domain's first due message through its index, not by walking the due messages of
// every domain, so its cost stays flat as the queue grows (issue: 15 ms at 100,000 queued without the index).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPgClient } from "../../server/db/pg-client";
import { CLAIM, claimParams } from "../../server/queue/claim";
import { adminDatabaseUrl } from "../helpers/env";
import { isolatedDatabase } from "../helpers/pg";

type PlanNode = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

let isolated: { url: string; drop: () => Promise<void> };
beforeAll(async () => {
  isolated = await isolatedDatabase(adminDatabaseUrl(), "mailroom_claim_plan");
  // 20,000 queued messages over 500 domains: a third due, a third an hour late, a third due in an hour; some held.
  await withPgClient(isolated.url, async (c) => {
    await c.query(`INSERT INTO "QueueContent" ("raw", "created") VALUES ('x', now())`);
    await c.query(
      `INSERT INTO "QueueMessage" ("senderAccount", "senderLocalpart", "senderDomain", "senderDomainStr", "recipientLocalpart",
         "recipientDomain", "recipientDomainStr", "size", "contentId", "nextAttempt", "hold")
       SELECT 'a', 'a', 's.example', 's.example', 'r' || g, 'd' || (g % 500) || '.example', 'd' || (g % 500) || '.example', 1,
         (SELECT min("id") FROM "QueueContent"), now() + ((g % 3) - 1) * interval '1 hour', g % 50 = 0
       FROM generate_series(1, 20000) g`,
    );
    await c.query(`ANALYZE "QueueMessage"`);
  });
});
afterAll(() => isolated.drop());

describe("the delivery claim", () => {
  it("finds the domain's first due message through the claim index", async () => {
    const plan = await withPgClient(isolated.url, async (c) => {
      const { rows } = await c.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${CLAIM.text}`, claimParams("d7.example", new Date()));
      return rows[0]!["QUERY PLAN"][0].Plan;
    });
    const queueScans = nodes(plan).filter((n) => n["Relation Name"] === "QueueMessage" && n["Node Type"] !== "ModifyTable");
    expect(queueScans.map((n) => n["Index Name"])).toContain("QueueMessage_claim_idx");
    expect(queueScans.map((n) => n["Node Type"])).not.toContain("Seq Scan");
  });
});
