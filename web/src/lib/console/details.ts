// A problem the server gives a code (a row of a score file, CSV_ROW_ISSUE_CODES)
// in the page's language, its sentence naming the line; any other problem is
// shown by its path and the server's English message. Pure, with the
// translator passed in, so it is tested without a browser.
import type { ApiErrorDetail } from '../api';
import type { Params, Translate } from '../i18n/format';

/** The sentence for a problem whose code the console has words for (`console.detail.<code>`); undefined for any other. */
export function detailText(d: ApiErrorDetail, tr: Translate): string | undefined {
  if (!d.code) return undefined;
  const params: Params = {};
  for (const [name, value] of Object.entries(d.params ?? {})) if (!Array.isArray(value)) params[name] = value;
  return tr(`console.detail.${d.code}`, params);
}

/** How many problems a list stands for: its entries, plus those a list cut short left out (its last entry, CSV_MORE_PROBLEMS). */
export function problemCount(details: readonly ApiErrorDetail[]): number {
  const last = details.at(-1);
  if (last?.code !== 'CSV_MORE_PROBLEMS') return details.length;
  return details.length - 1 + Number(last.params?.more ?? 0);
}
