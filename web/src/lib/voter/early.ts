// The questionnaire of a voting link (/v/CODE), asked for by src/early.ts, a
// small async script of the page, as soon as it arrives: beside the app's
// chunks, not after they have arrived and run (web/scripts/voter-first.ts).
// The ballot page takes the answer if it asks for the same code. What the page
// would not ask for is not asked here either: a code that fails its check (a
// mistyped link counts nothing against the address), or a code this phone has
// already voted with (the page shows the kept receipt).
import { get } from '../api';
import { readString } from '../storage';
import { VOTE_CODE, codeProblem, symbolsOf } from '../code-input';
import { matchPath } from '../match';

let early: { path: string; answer: Promise<unknown> } | null = null;

/** Where the phone keeps the receipt of a code it voted with (routes/vote/lib/draft.ts). */
export const receiptKey = (code: string) => `minping.receipt.${code}`;

/** The API path of a voting link's questionnaire, as the ballot page asks for it. */
export const questionnairePath = (code: string) => `/vote/${encodeURIComponent(code)}`;

/** On a voting link, starts the questionnaire request now; true when it did. */
export function askEarly(pathname: string, timeoutMs: number): boolean {
  const raw = matchPath('/v/:code', pathname)?.code;
  const code = raw === undefined ? '' : symbolsOf(raw);
  if (!code || codeProblem(code, VOTE_CODE) !== null || readString(receiptKey(code)) !== null) return false;
  const answer = get(questionnairePath(code), { timeoutMs });
  answer.catch(() => {}); // handled by the page that takes it
  early = { path: questionnairePath(code), answer };
  return true;
}

/** The answer askEarly started for this path, once; null when there is none. */
export function takeEarly<T>(path: string): Promise<T> | null {
  if (early?.path !== path) return null;
  const { answer } = early;
  early = null;
  return answer as Promise<T>;
}
