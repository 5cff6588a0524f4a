#!/usr/bin/env node
// Entry point of the `mailroom` command: TypeScript sources run through tsx, after making sure the generated
// Prisma client matches the schema.
import { register } from "tsx/esm/api";
import { ensurePrismaClient } from "../scripts/prisma-client.mjs";

ensurePrismaClient();
register();
await import("../cli/main.ts");
