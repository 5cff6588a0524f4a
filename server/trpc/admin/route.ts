import { router } from "../init";

export const adminRouteRouter = router({});
