import { router } from "../init";

export const accountWebhookRouter = router({});
