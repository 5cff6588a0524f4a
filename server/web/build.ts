// The web process serves a production Next.js build. It is (re)built when missing or older than the sources,
// so `npm start` on a fresh clone works and a deploy that ran `npm run build` starts at once.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { StartupError } from "../errors";
import type { Logger } from "../log/logger";

const SOURCES = ["app", "components", "server", "proxy.ts", "postcss.config.mjs", "next.config.js", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated"]);
const STAMP = "mailroom-source-fingerprint";

async function* files(root: string, rel: string): AsyncGenerator<string> {
  const full = path.join(root, rel);
  if (!existsSync(full)) return;
  if (!(await stat(full)).isDirectory()) {
    yield rel;
    return;
  }
  const entries = await readdir(full, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!SKIP.has(e.name)) yield* files(root, path.join(rel, e.name));
  }
}

async function sourceFingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const source of SOURCES) {
    for await (const rel of files(root, source)) {
      const s = await stat(path.join(root, rel));
      hash.update(`${rel}\0${s.size}\0${s.mtimeMs}\n`);
    }
  }
  return hash.digest("hex");
}

async function isBuildCurrent(root: string, fingerprint: string): Promise<boolean> {
  const stampFile = path.join(root, ".next", STAMP);
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(stampFile)) return false;
  return (await readFile(stampFile, "utf8")) === fingerprint;
}

export async function buildWeb(root: string, logger: Logger, fingerprint?: string): Promise<void> {
  fingerprint ??= await sourceFingerprint(root);
  logger.info("building the web app (first start, or sources changed)");
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
    child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
    child.once("error", () => resolve(-1));
    child.once("exit", resolve);
  });
  if (code !== 0) {
    logger.error({ output: output.join("").slice(-8000) }, "next build failed");
    throw new StartupError("build", "building the web app failed (next build output is in the log above)", "fix the error it names and start again");
  }
  await writeFile(path.join(root, ".next", STAMP), fingerprint);
  logger.info({ ms: Date.now() - started }, "web app built");
}

export async function ensureWebBuild(root: string, logger: Logger): Promise<void> {
  const fingerprint = await sourceFingerprint(root);
  if (!(await isBuildCurrent(root, fingerprint))) await buildWeb(root, logger, fingerprint);
}
