// Acceptance 4 of issue 19, the generated client: the README's curl fetches the OpenAPI document from localserve,
// openapi-typescript (its Node API) turns it into types, and clients written against those types with
// openapi-fetch (the README's example and one with file uploads and errors) typecheck, run, and send messages
// that localserve delivers. Mistakes in a request do not typecheck.
import { execFile } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../server/db/client";
import { withDatabase } from "../../server/db/url";
import { openapiDocument } from "../../server/webapi/openapi";
import { codeBlocks, readmeSection } from "../helpers/readme";
import { adminDatabaseUrl, redisPrefix, redisUrl, unique } from "../helpers/env";
import { createDatabase, dropDatabase } from "../helpers/pg";
import { startLocalserve, type Running } from "../helpers/process";
import { basic } from "../helpers/webapi";
import { until } from "../helpers/wait";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dbName = unique("mailroom_openapi").toLowerCase();
// Inside the tree, so the clients resolve openapi-fetch and tsx from its node_modules.
const workdir = path.join(root, ".scratch", unique("openapi-client"));
let localserve: Running;
let webPort: number;
let db: Db;

beforeAll(async () => {
  await createDatabase(adminDatabaseUrl(), dbName);
  await mkdir(workdir, { recursive: true });
  const databaseUrl = withDatabase(adminDatabaseUrl(), dbName);
  ({ running: localserve, webPort } = await startLocalserve({
    databaseUrl,
    redisUrl: redisUrl(),
    redisPrefix: `${redisPrefix()}-openapi`,
    dataDir: path.join(workdir, "data"),
  }));
  db = createDb(databaseUrl, 2);
});

afterAll(async () => {
  await localserve?.stop();
  await db?.$disconnect();
  await dropDatabase(adminDatabaseUrl(), dbName);
  await rm(workdir, { recursive: true, force: true });
});

async function readmeBlock(language: "sh" | "ts", containing: string): Promise<string> {
  const block = codeBlocks(await readmeSection("WebAPI"), language).find((b) => b.includes(containing));
  if (!block) throw new Error(`no ${language} block with ${containing} in the README's WebAPI section`);
  return block.replaceAll("http://localhost:1080", `http://127.0.0.1:${webPort}`);
}

// The test's own client: a multipart Send with a file part and an Idempotency-Key, and errors read by their type.
const CLIENT = `
import createClient from "openapi-fetch";
import type { components, paths } from "./webapi";

const [baseUrl, authorization] = process.argv.slice(2) as [string, string];
const client = createClient<paths>({ baseUrl, headers: { Authorization: authorization } });

const multipart = (body: { request: unknown; attachedfile?: string[] }) => {
  const form = new FormData();
  form.set("request", JSON.stringify(body.request));
  for (const data of body.attachedfile ?? []) form.append("attachedfile", new Blob([data], { type: "text/csv" }), "report.csv");
  return form;
};
const request: components["schemas"]["SendRequest"] = { To: [{ Address: "mox@localhost" }], Subject: "openapi-fetch multipart", Text: "See the report." };
const sent = await client.POST("/Send", {
  params: { header: { "Idempotency-Key": "openapi-client-" + Date.now() } },
  body: { request, attachedfile: ["name,amount\\nalice,3\\n"] },
  bodySerializer: multipart,
});
const queued: number[] = (sent.data?.Submissions ?? []).map((s) => s.QueueMsgID);

const failed = await client.POST("/Send", { body: { request: { Subject: "nobody", Text: "x" } }, bodySerializer: multipart });
const code: components["schemas"]["Error"]["Code"] | undefined = typeof failed.error === "object" ? failed.error.Code : undefined;

const anonymous = createClient<paths>({ baseUrl });
const refused = await anonymous.POST("/SuppressionList", { body: { request: {} }, bodySerializer: multipart });
console.log(JSON.stringify({ status: sent.response.status, queued, code, refused: refused.response.status }));
`;

// Must not typecheck: a misspelled key of a request, and a value of the wrong type. (openapi-fetch infers its
// options generically, so an object literal given to POST itself escapes TypeScript's excess-property check.)
const MISTAKES = `
import createClient from "openapi-fetch";
import type { components, paths } from "./webapi";
export const request: components["schemas"]["SendRequest"] = { To: [], Subjet: "typo" };
await createClient<paths>({ baseUrl: "http://127.0.0.1" }).POST("/Send", { body: { request: { To: "mox@localhost" } } });
`;

function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: ["node"],
    typeRoots: [path.join(root, "node_modules/@types")],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const inboxMessage = (subject: string) => db.message.findFirst({ where: { subject, mailbox: { name: "Inbox" } }, include: { content: true } });

describe("a client generated from the OpenAPI document", () => {
  it("is typed by the served document, typechecks, and sends messages that localserve delivers", async () => {
    await run("bash", ["-e", "-o", "pipefail", "-c", await readmeBlock("sh", "openapi.json")], { cwd: workdir });
    const served = JSON.parse(await readFile(path.join(workdir, "openapi.json"), "utf8"));
    expect(served).toEqual(JSON.parse(JSON.stringify(openapiDocument())));

    await writeFile(path.join(workdir, "webapi.d.ts"), astToString(await openapiTS(served)));
    const files = { readme: path.join(workdir, "readme-client.ts"), client: path.join(workdir, "client.ts"), mistakes: path.join(workdir, "mistakes.ts") };
    await writeFile(files.readme, await readmeBlock("ts", "openapi-fetch"));
    await writeFile(files.client, CLIENT);
    await writeFile(files.mistakes, MISTAKES);
    expect(typeErrors([files.readme, files.client])).toEqual([]);
    const mistakes = typeErrors([files.mistakes]);
    expect(mistakes).toHaveLength(2);
    expect(mistakes[0]).toMatch(/'Subjet' does not exist/);
    expect(mistakes[1]).toMatch(/Type 'string' is not assignable to type '.*\[\]/);

    const tsx = path.join(root, "node_modules/.bin/tsx");
    const readme = await run(tsx, [files.readme], { cwd: workdir });
    expect(readme.stdout).toMatch(/QueueMsgID: 1\b/);
    const client = await run(tsx, [files.client, `http://127.0.0.1:${webPort}/webapi/v0`, basic("mox@localhost", "moxmoxmox")], { cwd: workdir });
    expect(JSON.parse(client.stdout)).toEqual({ status: 200, queued: [2], code: "noRecipients", refused: 401 });

    await until(() => inboxMessage("hello from openapi-fetch"), 10_000, "the README client's message in the Inbox");
    const uploaded = await until(() => inboxMessage("openapi-fetch multipart"), 10_000, "the multipart message in the Inbox");
    const raw = Buffer.from(uploaded.content!.raw).toString();
    expect(raw).toMatch(/Content-Type: text\/csv/);
    expect(raw).toMatch(/filename=report\.csv/);
  });
});
