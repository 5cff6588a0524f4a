import { router } from "../init";
import { adminAccountRouter } from "./account";
import { adminAddressRouter } from "./address";
import { adminAuditRouter } from "./audit";
import { adminDkimRouter } from "./dkim";
import { adminDomainRouter } from "./domain";
import { adminHoldRuleRouter } from "./hold-rule";
import { adminHookRouter } from "./hook";
import { adminLiveRouter } from "./live";
import { adminMessageRouter } from "./message";
import { adminOverviewRouter } from "./overview";
import { adminQueueRouter } from "./queue";
import { adminRouteRouter } from "./route";
import { adminSessionRouter } from "./session";
import { adminSuppressionRouter } from "./suppression";
import { adminTransportRouter } from "./transport";

export const adminRouter = router({
  session: adminSessionRouter,
  overview: adminOverviewRouter,
  queue: adminQueueRouter,
  holdRule: adminHoldRuleRouter,
  hook: adminHookRouter,
  message: adminMessageRouter,
  transport: adminTransportRouter,
  route: adminRouteRouter,
  domain: adminDomainRouter,
  dkim: adminDkimRouter,
  address: adminAddressRouter,
  account: adminAccountRouter,
  suppression: adminSuppressionRouter,
  audit: adminAuditRouter,
  live: adminLiveRouter,
});
