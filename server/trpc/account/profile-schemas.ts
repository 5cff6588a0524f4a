// Inputs of the account's own profile, retention and fromid procedures: the admin's schemas without the
// account name (a user only ever changes their own account), so both pages apply the same rules. Zod only:
// the pages validate their forms with these.
import { z } from "zod";
import { fromIdAddressesSchema, fullNameSchema, keepPeriodsSchema, passwordSchema } from "../admin/account-schemas";

const withoutName = { name: true } as const;

export const ownFullNameSchema = fullNameSchema.omit(withoutName);
export const ownKeepPeriodsSchema = keepPeriodsSchema.omit(withoutName);
export const ownFromIdAddressesSchema = fromIdAddressesSchema.omit(withoutName);

export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1, "enter your current password").max(1024),
  newPassword: passwordSchema,
});
