import { router } from "../init";

export const adminDomainRouter = router({});
