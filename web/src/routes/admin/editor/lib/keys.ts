// Keys the editor makes up when the office gives none: short, in the file's
// key alphabet, never one already taken (u001, u002 … for units).
import { KEY_PATTERN } from '@minping/shared/spec';

export const isKey = (s: string) => KEY_PATTERN.test(s);

/** The first `prefix` + number (zero-padded to `width`) not in `taken`, counting on from the highest one there. */
export function nextKey(prefix: string, taken: Iterable<string>, width = 3): string {
  const used = new Set(taken);
  const numbered = new RegExp(`^${prefix}(\\d+)$`);
  let n = 0;
  for (const k of used) {
    const m = numbered.exec(k);
    if (m) n = Math.max(n, Number(m[1]));
  }
  let key: string;
  do key = `${prefix}${String(++n).padStart(width, '0')}`;
  while (used.has(key));
  return key;
}
