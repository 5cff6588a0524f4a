import { describe, expect, it } from "vitest";
import { metricsPort } from "../../server/metrics/endpoint";
import { createMetrics } from "../../server/metrics/metrics";

const values = async (metrics: ReturnType<typeof createMetrics>, name: string) => (await metrics.registry.getSingleMetric(name)!.get()).values.map((v) => ({ labels: v.labels, value: v.value }));

describe("metrics", () => {
  it("listen on the configured port, else on 1081 in localserve and nowhere in production", () => {
    expect(metricsPort(undefined, true)).toBe(1081);
    expect(metricsPort(undefined, false)).toBeUndefined();
    expect(metricsPort(9100, false)).toBe(9100);
    expect(metricsPort(9100, true)).toBe(9100);
  });

  it("count a login by its outcome, and a refusal by the limiter apart", async () => {
    const metrics = createMetrics();
    metrics.login("webapi", "httpbasic", { ok: true });
    metrics.login("webapi", "httpbasic", { ok: false, reason: "badCredentials" });
    metrics.login("webaccount", "weblogin", { ok: false, reason: "loginDisabled" });
    metrics.login("webadmin", "weblogin", { ok: false, reason: "rateLimited" });
    expect(await values(metrics, "mox_authentication_total")).toEqual([
      { labels: { kind: "webapi", variant: "httpbasic", result: "ok" }, value: 1 },
      { labels: { kind: "webapi", variant: "httpbasic", result: "badcreds" }, value: 1 },
      { labels: { kind: "webaccount", variant: "weblogin", result: "logindisabled" }, value: 1 },
    ]);
    expect(await values(metrics, "mox_authentication_ratelimited_total")).toEqual([{ labels: { kind: "webadmin" }, value: 1 }]);
  });

  it("keep each process's counts apart", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.deliveryResult("4xx");
    expect(await values(a, "mailroom_queue_delivery_results_total")).toEqual([{ labels: { class: "4xx" }, value: 1 }]);
    expect(await values(b, "mailroom_queue_delivery_results_total")).toEqual([]);
  });
});
