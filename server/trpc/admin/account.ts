import { router } from "../init";

export const adminAccountRouter = router({});
