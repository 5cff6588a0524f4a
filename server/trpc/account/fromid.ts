import { router } from "../init";

export const accountFromidRouter = router({});
