import { router } from "../init";

export const accountRetentionRouter = router({});
