// Inputs of the account's suppression procedures, the admin's with the account fixed to the caller's. Zod
// only: the suppression page validates its forms with these.
import { z } from "zod";
import { suppressionAddSchema, suppressionListSchema } from "../admin/schemas";

export const accountSuppressionListSchema = suppressionListSchema.extend({ filter: suppressionListSchema.shape.filter.omit({ account: true }) });
export const accountSuppressionAddSchema = suppressionAddSchema.omit({ account: true });
export const accountSuppressionRemoveSchema = z.strictObject({ id: z.int().positive() });

// About 1 MB of text, which the import's row limit (10,000) fits with room to spare.
export const IMPORT_MAX_CHARS = 1_000_000;
export const accountSuppressionImportSchema = z.strictObject({
  csv: z.string().min(1, "the file is empty").max(IMPORT_MAX_CHARS, "the file is larger than 1 MB: split it"),
});
