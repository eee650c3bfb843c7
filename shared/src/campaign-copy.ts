// Next year's campaign of a series, from this year's: offices repeat last
// year's set-up with changes. Every key of units, categories, groups,
// problems, scales, questionnaires and components is kept, so trends and
// consecutive-bottom counts carry on across the years; the campaign's own
// key, its year, its name's year and its dates move one year on.
import type { CampaignSpec } from './spec.js';

const KEY_MAX = 64;

/** A date one year on; 29 February becomes 28 February. */
export function nextYearDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const day = m[2] === '02' && m[3] === '29' ? '28' : m[3];
  return `${String(Number(m[1]) + 1).padStart(4, '0')}-${m[2]}-${day}`;
}

/**
 * The next year's key: the year's digits in the key replaced (nantong-2026 →
 * nantong-2027), else the year appended (wanrenping → wanrenping-2027).
 */
export function nextYearKey(key: string, year: number): string {
  const from = String(year);
  const to = String(year + 1);
  if (key.includes(from)) return key.split(from).join(to).slice(0, KEY_MAX);
  const suffix = `-${to}`;
  return key.slice(0, KEY_MAX - suffix.length).replace(/-+$/, '') + suffix;
}

/** `key`, or key-2, key-3 … (within 64 characters), whichever is not taken. */
export function uniqueKey(key: string, taken: (key: string) => boolean): string {
  if (!taken(key)) return key;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = key.slice(0, KEY_MAX - suffix.length).replace(/-+$/, '') + suffix;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * The copy for next year. `taken` says which campaign keys exist already: the
 * copy's key is made unique among them (a second copy of nantong-2026 is
 * nantong-2027-2), so applying it never overwrites a campaign.
 */
export function nextYearCopy(spec: CampaignSpec, taken: (key: string) => boolean = () => false): CampaignSpec {
  const year = spec.year + 1;
  return {
    ...spec,
    key: uniqueKey(nextYearKey(spec.key, spec.year), taken),
    name: spec.name.split(String(spec.year)).join(String(year)),
    year,
    phases: spec.phases.map((p) => ({ ...p, start: nextYearDate(p.start), end: nextYearDate(p.end) })),
  };
}
