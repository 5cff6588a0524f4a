import { router } from "../init";

export const accountMessageRouter = router({});
