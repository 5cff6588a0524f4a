// The caller's own suppression list: list, add and remove (always manual), and CSV export and import. Every
// read and change is scoped to the session's account; another account's entry is not found.
import type { Actor } from "../../audit/audit-log";
import type { Db } from "../../db/client";
import { parseAddress } from "../../address/parse";
import { AppError } from "../../errors";
import { importSuppressions, suppressionsCsv } from "../../suppression/csv";
import { suppressionAdminAdd, suppressionAdminList } from "../../suppression/suppression-admin";
import { listSuppressions, removeSuppression } from "../../suppression/suppressions";
import { accountProcedure, router } from "../init";
import { currentAccount } from "./current";
import { accountSuppressionAddSchema, accountSuppressionImportSchema, accountSuppressionListSchema, accountSuppressionRemoveSchema } from "./suppression-schemas";

export const accountSuppressionRouter = router({
  list: accountProcedure.input(accountSuppressionListSchema).query(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    const filter = { ...input.filter, account: account.name };
    const { rows, next, total } = await suppressionAdminList(ctx.deps.db, filter, { limit: input.limit, oldestFirst: input.sort === "oldest", after: input.cursor });
    return { rows: rows.map(({ account: _account, ...s }) => ({ ...s, queueMsgId: s.queueMsgId.toString() })), next, total };
  }),
  add: accountProcedure.input(accountSuppressionAddSchema).mutation(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    const s = await suppressionAdminAdd(ctx.deps.db, ctx.actor, { ...input, account: account.name });
    return { id: s.id, baseAddress: s.baseAddress };
  }),
  remove: accountProcedure.input(accountSuppressionRemoveSchema).mutation(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    await removeOwn(ctx.deps.db, ctx.actor, account.name, input.id);
    return { ok: true };
  }),
  export: accountProcedure.query(async ({ ctx }) => {
    const account = await currentAccount(ctx);
    return { filename: `suppressions-${account.name}.csv`, csv: suppressionsCsv(await listSuppressions(ctx.deps.db, account.name)) };
  }),
  import: accountProcedure.input(accountSuppressionImportSchema).mutation(async ({ ctx, input }) => {
    const account = await currentAccount(ctx);
    return importSuppressions(ctx.deps.db, ctx.actor, account.name, input.csv);
  }),
});

// Looked up by id and account together, so another account's id reads as removed.
async function removeOwn(db: Db, actor: Actor, account: string, id: number): Promise<void> {
  const found = await db.suppression.findFirst({ where: { id, account } });
  if (!found) throw new AppError("notFound", `suppression ${id} is not on your list (removed meanwhile?)`);
  await removeSuppression(db, actor, account, parseAddress(found.originalAddress));
}
