// All tRPC procedures, by audience. The pages import only the type.
import { accountRouter } from "./account/index";
import { adminRouter } from "./admin/index";
import { router } from "./init";

export const appRouter = router({ admin: adminRouter, account: accountRouter });
export type AppRouter = typeof appRouter;
