// An error in the console's words: a translated sentence for its code (some
// actions say more precisely what went wrong), plus the server's list of
// problems by path when it sent one (a campaign file, a CSV upload).
import { ApiError } from '../api';
import { errorText } from '../errors';
import { has, t } from '../i18n/index.svelte';

export type Overrides = Partial<Record<string, string>>;

export function adminErrorText(err: unknown, overrides: Overrides = {}): string {
  const code = err instanceof ApiError ? err.code : undefined;
  const key = code ? overrides[code] : undefined;
  if (key && has(key)) return t(key);
  return errorText(err);
}
