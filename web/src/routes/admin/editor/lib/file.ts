// The campaign file stays the exchange format: the editor reads it, edits it
// in place (keeping its field order) and writes it out the way the server's
// GET /campaigns/:key/spec does, so an export after editing compares byte for
// byte with the file that went in.
import { campaignSpecSchema } from '@minping/shared/spec';

/** The file's text, as exported. */
export const fileText = (file: unknown): string => JSON.stringify(file, null, 2);

/** A deep copy that keeps the field order (what the forms edit, not the saved copy). */
export const copyFile = <T>(file: T): T => JSON.parse(JSON.stringify(file)) as T;

/**
 * The file in the campaign file's own field order. A valid file comes back
 * from the schema in that order (what the export writes: a draft stored as
 * jsonb has its keys sorted); one still being written stays as it is.
 */
export function inFileOrder<T>(file: T): T {
  const parsed = campaignSpecSchema.safeParse(file);
  return parsed.success ? (parsed.data as T) : file;
}
