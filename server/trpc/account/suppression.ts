import { router } from "../init";

export const accountSuppressionRouter = router({});
