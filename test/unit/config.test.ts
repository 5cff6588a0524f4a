import { describe, expect, it } from "vitest";
import path from "node:path";
import { loadConfig } from "../../server/config/env";
import { StartupError } from "../../server/errors";

describe("loadConfig", () => {
  it("has localserve defaults", () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.hostname).toBe("localhost");
    expect(c.listen).toEqual(["127.0.0.1", "::1"]);
    expect(c.ports).toMatchObject({ web: 1080, smtp: 1025, submission: 1587, submissions: 1465, metrics: undefined });
    expect(c.tls).toEqual({ certFile: undefined, keyFile: undefined });
    expect(c.dataDir).toBe(path.resolve(".data"));
    expect(c.logLevel).toBe("info");
    expect(c.smtp).toEqual({ maxConnections: 1000, maxConnectionsPerIp: 30, maxRecipients: 100, idleTimeoutMs: 300_000 });
  });

  it("reads and normalises the environment", () => {
    const c = loadConfig({
      DATABASE_URL: "postgresql://u:p@db:5432/mail",
      REDIS_URL: "redis://cache:6380/2",
      MAILROOM_HOSTNAME: "Mail.Example.COM",
      MAILROOM_LISTEN: " 0.0.0.0 , :: ",
      MAILROOM_WEB_PORT: "8080",
      MAILROOM_METRICS_PORT: "9100",
      MAILROOM_DATA_DIR: "/var/lib/mailroom",
      LOG_LEVEL: "debug",
      MAILROOM_SMTP_MAX_CONNECTIONS: "50",
      MAILROOM_SMTP_MAX_CONNECTIONS_PER_IP: "5",
      MAILROOM_SMTP_MAX_RECIPIENTS: "1000",
      MAILROOM_SMTP_IDLE_TIMEOUT_SECONDS: "0.5",
    });
    expect(c.databaseUrl).toBe("postgresql://u:p@db:5432/mail");
    expect(c.redisUrl).toBe("redis://cache:6380/2");
    expect(c.hostname).toBe("mail.example.com");
    expect(c.listen).toEqual(["0.0.0.0", "::"]);
    expect(c.ports.web).toBe(8080);
    expect(c.ports.metrics).toBe(9100);
    expect(c.dataDir).toBe("/var/lib/mailroom");
    expect(c.logLevel).toBe("debug");
    expect(c.smtp).toEqual({ maxConnections: 50, maxConnectionsPerIp: 5, maxRecipients: 1000, idleTimeoutMs: 500 });
  });

  it("treats empty URLs as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", REDIS_URL: " " }).databaseUrl).toBeUndefined();
    expect(loadConfig({ MAILROOM_METRICS_PORT: "" }).ports.metrics).toBeUndefined();
  });

  it.each([
    [{ MAILROOM_WEB_PORT: "70000" }, "MAILROOM_WEB_PORT"],
    [{ MAILROOM_SMTP_PORT: "smtp" }, "MAILROOM_SMTP_PORT"],
    [{ DATABASE_URL: "mysql://x/y" }, "DATABASE_URL"],
    [{ REDIS_URL: "not a url" }, "REDIS_URL"],
    [{ MAILROOM_LISTEN: "localhost" }, "MAILROOM_LISTEN"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ MAILROOM_HOSTNAME: "mail server.example" }, "MAILROOM_HOSTNAME"],
    [{ MAILROOM_HOSTNAME: "-bad.example" }, "MAILROOM_HOSTNAME"],
    [{ MAILROOM_SUBMISSIONS_PORT: "-1" }, "MAILROOM_SUBMISSIONS_PORT"],
    [{ MAILROOM_METRICS_PORT: "metrics" }, "MAILROOM_METRICS_PORT"],
    [{ MAILROOM_METRICS_PORT: "65536" }, "MAILROOM_METRICS_PORT"],
    [{ MAILROOM_SMTP_MAX_CONNECTIONS_PER_IP: "0" }, "MAILROOM_SMTP_MAX_CONNECTIONS_PER_IP"],
    [{ MAILROOM_SMTP_MAX_RECIPIENTS: "many" }, "MAILROOM_SMTP_MAX_RECIPIENTS"],
  ])("rejects %o with a line naming %s", (env, name) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StartupError);
    const line = (error as StartupError).line();
    expect(line).toContain(name);
    expect(line).not.toContain("\n");
  });
});
