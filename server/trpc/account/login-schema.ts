// The account login's input; zod only, as the login form validates with it too.
import { z } from "zod";

export const accountLoginSchema = z.strictObject({
  address: z.string().trim().min(1, "enter your email address").max(320),
  password: z.string().min(1, "enter your password").max(1024),
});
