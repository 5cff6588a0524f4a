// Acceptance 4 of issue 19, the document itself: /webapi/v0/openapi.json is a valid OpenAPI 3.1 document (checked
// by a real validator); every README example and every method page's example validates against its request
// schemas; and real answers of the webapi, for every method and for errors, validate against its response schemas.
import { Validator } from "@seriousme/openapi-schema-validator";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { apiKeyCreateSchema } from "../../server/api-key/schemas";
import { CLI_ACTOR } from "../../server/audit/audit-log";
import { apiKeyCreate } from "../../server/provision/api-key-admin";
import { METHODS, type MethodName } from "../../server/webapi/methods";
import { openapiDocument } from "../../server/webapi/openapi";
import { API_CODES } from "../../server/webapi/responses";
import { codeBlocks, readmeSection } from "../helpers/readme";
import { documentSchemas, type DocumentSchemas } from "../helpers/openapi";
import { unique } from "../helpers/env";
import { basic, call, multipart, post, type CallResult } from "../helpers/webapi";
import { webapiSuite } from "../helpers/webapi-fixture";

const t = webapiSuite();
const run = promisify(execFile);
const METHOD_NAMES = Object.keys(METHODS) as MethodName[];

type Json = Record<string, unknown>;
let doc: Json;
let schemas: DocumentSchemas;

beforeAll(async () => {
  const r = await fetch(`${t.api.url}/webapi/v0/openapi.json`);
  expect(r.status).toBe(200);
  expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8");
  doc = (await r.json()) as Json;
  schemas = documentSchemas(doc);
});

describe("the document", () => {
  it("is served without authentication, as generated, next to the method pages", async () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(openapiDocument())));
    const posted = await fetch(`${t.api.url}/webapi/v0/openapi.json`, { method: "POST" });
    expect(posted.status).toBe(405);
    const page = await fetch(`${t.api.url}/webapi/v0/Send`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("WebAPI - Method Send");
    expect(await (await fetch(`${t.api.url}/webapi/v0/`)).text()).toContain('<a href="openapi.json">');
  });

  it("validates as OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes every method with its form encodings, responses, errors, basic auth and the idempotency key", () => {
    expect(doc.info).toMatchObject({ title: "Mailroom webapi", version: pkg.version });
    expect(doc.servers).toEqual([{ url: "/webapi/v0", description: "this server" }]);
    const paths = doc.paths as Record<string, { post?: Json }>;
    expect(Object.keys(paths).sort()).toEqual([...METHOD_NAMES.map((m) => `/${m}`), "/openapi.json"].sort());
    for (const name of METHOD_NAMES) {
      const op = paths[`/${name}`]!.post!;
      expect(op.operationId).toBe(name);
      expect(Object.keys(op.responses as Json)).toEqual(["200", "400", "401", "429"]);
      const content = (op.requestBody as { content: Json }).content;
      expect(Object.keys(content)).toEqual(["application/x-www-form-urlencoded", "multipart/form-data"]);
      expect(schemas.formFields(name, "multipart/form-data")).toEqual(name === "Send" ? ["request", "alternativefile", "inlinefile", "attachedfile"] : ["request"]);
    }
    expect(paths["/Send"]!.post!.parameters).toEqual([{ $ref: "#/components/parameters/IdempotencyKey" }]);
    const components = doc.components as { securitySchemes: Json; parameters: Json; schemas: Record<string, { properties: Record<string, Json> }> };
    expect(components.securitySchemes.basicAuth).toMatchObject({ type: "http", scheme: "basic" });
    expect(doc.security).toEqual([{ basicAuth: [] }]);
    expect(components.parameters.IdempotencyKey).toMatchObject({ name: "Idempotency-Key", in: "header", required: false, schema: { minLength: 1, maxLength: 255 } });
    expect(components.schemas.Error!.properties.Code!.enum).toEqual([...API_CODES]);
  });

  it("refuses what the server refuses: unknown keys, wrong types, responses with fields it does not declare", () => {
    expect(schemas.requestErrors("Send", { To: [{ Address: "a@example.org" }], Subject: "x", Text: "y" })).toEqual([]);
    expect(schemas.requestErrors("Send", { Subjet: "typo" })).toEqual(["/ must NOT have additional properties"]);
    expect(schemas.requestErrors("Send", { To: "a@example.org" })).toEqual(["/To must be array"]);
    expect(schemas.requestErrors("Send", { To: [{ Adress: "a@example.org" }] })).toEqual(["/To/0 must NOT have additional properties"]);
    expect(schemas.requestErrors("Send", { Date: "yesterday" })).not.toEqual([]);
    expect(schemas.requestErrors("MessageGet", { MsgID: 1.5 })).toEqual(["/MsgID must be integer"]);
    const result = { MessageID: "<a@b>", Submissions: [{ Address: "a@example.org", QueueMsgID: 1, FromID: "" }] };
    expect(schemas.responseErrors("Send", 200, "application/json", result)).toEqual([]);
    expect(schemas.responseErrors("Send", 200, "application/json", { ...result, Extra: 1 })).toEqual(["/ must NOT have additional properties"]);
    expect(schemas.responseErrors("Send", 400, "application/json", { Code: "notFound", Message: "x" })).not.toEqual([]);
    expect(schemas.responseErrors("MessageGet", 200, "text/html", "")).not.toEqual([]);
    expect(schemas.headerErrors("IdempotencyKey", "order 17/receipt~")).toEqual([]);
    for (const key of ["", "é", "a\tb", "k".repeat(256)]) expect(schemas.headerErrors("IdempotencyKey", key), key).not.toEqual([]);
    expect(schemas.headerErrors("IdempotencyKey", "k".repeat(255))).toEqual([]);
  });
});

describe("examples", () => {
  const textarea = (html: string, attr: string) => {
    const m = new RegExp(`<textarea ${attr}[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
    const unescaped = m?.[1]!.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!);
    return unescaped === undefined ? undefined : JSON.parse(unescaped);
  };

  it("every method page's example request and response validates", async () => {
    for (const name of METHOD_NAMES) {
      const html = await (await fetch(`${t.api.url}/webapi/v0/${name}`)).text();
      const request = textarea(html, 'name="request"');
      expect(request, name).toEqual(METHODS[name].example);
      expect(schemas.requestErrors(name, request), name).toEqual([]);
      expect(schemas.requestErrors(name, request, "multipart/form-data"), name).toEqual([]);
      const response = textarea(html, 'id="response"');
      if (METHODS[name].bytes) expect(response).toBeUndefined();
      else expect(schemas.responseErrors(name, 200, "application/json", response), name).toEqual([]);
    }
  });

  it("every curl example in the README's WebAPI section validates", async () => {
    const blocks = codeBlocks(await readmeSection("WebAPI"), "sh");
    const calls = await curlCalls(blocks);
    // Every curl of the section ran and was recorded (one in a loop more than once).
    expect(calls.length).toBeGreaterThanOrEqual(blocks.join("\n").match(/^\s*curl /gm)!.length);
    let checked = 0;
    for (const args of calls) {
      const url = new URL(args.find((a) => a.startsWith("http://"))!);
      const apiPath = url.pathname.replace(/^\/webapi\/v0/, "");
      expect(Object.keys(doc.paths as Json), url.pathname).toContain(apiPath);
      const fields = args.flatMap((a, i) => (a === "--data-urlencode" || a === "--form" ? [{ encoding: a, value: args[i + 1]! }] : []));
      if (apiPath === "/openapi.json") continue;
      const method = apiPath.slice(1);
      const mediaType = fields[0]!.encoding === "--form" ? "multipart/form-data" : "application/x-www-form-urlencoded";
      const declared = schemas.formFields(method, mediaType);
      for (const f of fields) expect(declared, `${method} ${f.value}`).toContain(f.value.split("=")[0]);
      const keys = args.flatMap((a, i) => (a === "-H" && /^idempotency-key:/i.test(args[i + 1]!) ? [args[i + 1]!.replace(/^[^:]*:\s*/, "")] : []));
      for (const key of keys) expect(schemas.headerErrors("IdempotencyKey", key), key).toEqual([]);
      const request = fields.find((f) => f.value.startsWith("request="))!.value.slice("request=".length);
      expect(schemas.requestErrors(method, JSON.parse(request), mediaType), request).toEqual([]);
      checked++;
    }
    expect(checked).toBe(calls.length - 1);
  });
});

// Runs the README's blocks with a `curl` that records its arguments instead of calling anything, and an `npx`
// (the API key examples make a key with the CLI first) that answers as `mailroom apikey add --json` would.
async function curlCalls(blocks: string[]): Promise<string[][]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-openapi-readme-"));
  try {
    const shim = `curl() { printf '%s\\0' "$@" --end-of-call-- >> "${dir}/calls"; }\nnpx() { echo '{"secret": "mrk_0123456789ab_example"}'; }\n`;
    for (const block of blocks) await run("bash", ["-e", "-o", "pipefail", "-c", shim + block], { cwd: dir });
    const recorded = (await readFile(`${dir}/calls`, "utf8")).split("\0");
    const calls: string[][] = [[]];
    for (const arg of recorded.slice(0, -1)) {
      if (arg === "--end-of-call--") calls.push([]);
      else calls.at(-1)!.push(arg);
    }
    return calls.slice(0, -1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("real responses", () => {
  const seen = new Set<string>();

  function expectDocumented(method: MethodName, r: CallResult) {
    const json = r.contentType.startsWith("application/json");
    const body = json ? r.json() : r.body.toString("latin1");
    expect(schemas.responseErrors(method, r.status, r.contentType, body), `${method} ${r.status} ${r.body.toString().slice(0, 300)}`).toEqual([]);
    seen.add(`${method} ${r.status}`);
    return body;
  }

  it("of every method, and of errors, validate against the document", async () => {
    const to = [{ Name: "Röb", Address: "rob@remote.example" }];
    const sent = expectDocumented("Send", await call(t.api, t.auth, "Send", { To: to, CC: [{ Address: "cc@remote.example" }], Subject: "openapi plain", Text: "hi", SaveSent: true }));
    expect(sent).toMatchObject({ Submissions: [{ Address: "rob@remote.example" }, { Address: "cc@remote.example" }] });
    const form = multipart([
      { name: "request", data: JSON.stringify({ To: to, Subject: "openapi files", Text: "see", HTML: '<img src="cid:dot">', SaveSent: true }) },
      { name: "inlinefile", filename: "dot.gif", headers: { "Content-Type": "image/gif", "Content-ID": "<dot>" }, data: "GIF89a" },
      { name: "attachedfile", filename: "a.csv", headers: { "Content-Type": "text/csv" }, data: "a,b\n1,2\n" },
    ]);
    expectDocumented("Send", await post(`${t.api.url}/webapi/v0/Send`, { auth: t.auth, contentType: form.contentType, body: form.body }));

    const stored = await t.db.message.findFirstOrThrow({ where: { accountId: t.fx.mjl.id, subject: "openapi files" } });
    const MsgID = Number(stored.id);
    const got = expectDocumented("MessageGet", await call(t.api, t.auth, "MessageGet", { MsgID })) as { Structure: { Parts: { Parts: unknown[] }[] } };
    expect(got.Structure.Parts[0]!.Parts.length).toBeGreaterThan(0);
    expectDocumented("MessageRawGet", await call(t.api, t.auth, "MessageRawGet", { MsgID }));
    expectDocumented("MessagePartGet", await call(t.api, t.auth, "MessagePartGet", { MsgID, PartPath: [1] }));
    for (const method of ["MessageFlagsAdd", "MessageFlagsRemove"] as const) {
      expectDocumented(method, await call(t.api, t.auth, method, { MsgID, Flags: ["\\flagged", "openapi"] }));
    }
    expectDocumented("MessageMove", await call(t.api, t.auth, "MessageMove", { MsgID, DestMailboxName: "Archive" }));
    expectDocumented("MessageDelete", await call(t.api, t.auth, "MessageDelete", { MsgID }));

    const EmailAddress = "Openapi+x@remote.example";
    expectDocumented("SuppressionAdd", await call(t.api, t.auth, "SuppressionAdd", { EmailAddress, Manual: true, Reason: "test" }));
    const list = expectDocumented("SuppressionList", await call(t.api, t.auth, "SuppressionList", {}));
    expect(list).toMatchObject({ Suppressions: [{ BaseAddress: "openapi@remote.example" }] });
    expect(expectDocumented("SuppressionPresent", await call(t.api, t.auth, "SuppressionPresent", { EmailAddress }))).toEqual({ Present: true });
    expectDocumented("SuppressionRemove", await call(t.api, t.auth, "SuppressionRemove", { EmailAddress }));

    // Errors: the kinds of 400 a client gets, each from its own method.
    const plain = await t.db.message.findFirstOrThrow({ where: { accountId: t.fx.mjl.id, subject: "openapi plain" } });
    const errors: [MethodName, CallResult][] = [
      ["Send", await call(t.api, t.auth, "Send", { Subject: "x", Text: "y" })],
      ["MessageGet", await call(t.api, t.auth, "MessageGet", { MsgID })],
      ["MessagePartGet", await call(t.api, t.auth, "MessagePartGet", { MsgID: Number(plain.id), PartPath: [7] })],
      ["SuppressionRemove", await call(t.api, t.auth, "SuppressionRemove", { EmailAddress })],
      ["SuppressionAdd", await post(`${t.api.url}/webapi/v0/SuppressionAdd`, { auth: t.auth, contentType: "text/plain", body: "request={}" })],
    ];
    expect(errors.map(([method, r]) => (expectDocumented(method, r) as { Code: string }).Code)).toEqual(["noRecipients", "messageNotFound", "partNotFound", "error", "protocol"]);
    const unauthorized = await call(t.api, "Basic bm9ib2R5QGV4YW1wbGUub3JnOndyb25n", "SuppressionList", {});
    expect(unauthorized.status).toBe(401);
    expectDocumented("SuppressionList", unauthorized);
    // And a call an API key's scopes do not allow, with the line that says why.
    const key = await apiKeyCreate(t.db, CLI_ACTOR, t.fx.mjl.name, apiKeyCreateSchema.parse({ name: unique("openapi"), scopes: ["suppressions"] }));
    const outOfScope = await call(t.api, basic(t.fx.mjl.address, key.secret), "Send", { To: to, Subject: "x", Text: "y" });
    expect(outOfScope.status).toBe(401);
    expect(expectDocumented("Send", outOfScope)).toMatch(/this API key may not send/);
    const authHeader = (doc.components as { responses: { Unauthorized: { headers: Record<string, { schema: { const: string } }> } } }).responses.Unauthorized.headers["WWW-Authenticate"]!;
    const r = await fetch(`${t.api.url}/webapi/v0/Send`, { method: "POST" });
    expect(r.headers.get("www-authenticate")).toBe(authHeader.schema.const);

    expect([...seen].filter((s) => s.endsWith(" 200")).sort()).toEqual(METHOD_NAMES.map((m) => `${m} 200`).sort());
  });
});
