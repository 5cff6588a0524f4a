import { router } from "../init";
import { adminHoldRuleRouter } from "./hold-rule";
import { adminHookRouter } from "./hook";
import { adminLiveRouter } from "./live";
import { adminMessageRouter } from "./message";
import { adminOverviewRouter } from "./overview";
import { adminQueueRouter } from "./queue";
import { adminSessionRouter } from "./session";
import { adminTransportRouter } from "./transport";

export const adminRouter = router({
  session: adminSessionRouter,
  overview: adminOverviewRouter,
  queue: adminQueueRouter,
  holdRule: adminHoldRuleRouter,
  hook: adminHookRouter,
  message: adminMessageRouter,
  transport: adminTransportRouter,
  live: adminLiveRouter,
});
