import { router } from "../init";
import { accountApiKeyRouter } from "./api-key";
import { accountFromidRouter } from "./fromid";
import { accountLiveRouter } from "./live";
import { accountMessageRouter } from "./message";
import { accountProfileRouter } from "./profile";
import { accountRetentionRouter } from "./retention";
import { accountSessionRouter } from "./session";
import { accountSuppressionRouter } from "./suppression";
import { accountWebhookRouter } from "./webhook";

export const accountRouter = router({
  session: accountSessionRouter,
  profile: accountProfileRouter,
  webhook: accountWebhookRouter,
  retention: accountRetentionRouter,
  fromid: accountFromidRouter,
  suppression: accountSuppressionRouter,
  apiKey: accountApiKeyRouter,
  message: accountMessageRouter,
  live: accountLiveRouter,
});
