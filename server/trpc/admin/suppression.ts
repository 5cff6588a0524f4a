import { router } from "../init";

export const adminSuppressionRouter = router({});
