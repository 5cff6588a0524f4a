import { router } from "../init";

export const accountProfileRouter = router({});
