import { router } from "../init";

export const adminDkimRouter = router({});
