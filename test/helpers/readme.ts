// The README's code examples, which tests run or check so that they stay true.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const readme = () => readFile(path.join(root, "README.md"), "utf8");

// The text of a `## Heading` section, up to the next one.
export const readmeSection = async (heading: string) => (await readme()).split(`\n## ${heading}\n`)[1]!.split("\n## ")[0]!;

// The text between `<!-- marker -->` and `<!-- /marker -->`.
export const readmeMarked = async (marker: string) => (await readme()).split(`<!-- ${marker} -->`)[1]!.split(`<!-- /${marker} -->`)[0]!;

export const codeBlocks = (text: string, language: string) => [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);
