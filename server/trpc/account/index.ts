import { router } from "../init";
import { accountSessionRouter } from "./session";

export const accountRouter = router({
  session: accountSessionRouter,
});
