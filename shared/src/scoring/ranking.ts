// Placement within one category: rank, top and bottom sets, warnings (spec
// README rules 6–8). Everything here works on the ROUNDED composite, so two
// units that differ only beyond the shown decimals tie, as a reader of the
// published table would expect.
import { Fraction } from './fraction.js';
import type { Warning } from './types.js';

export interface RankEntry {
  key: string;
  /** Rounded composite as an exact fraction; null = insufficient. */
  composite: Fraction | null;
  vetoed: boolean;
}

export interface CategoryPlacement {
  /** Unit keys in rank order: non-vetoed first, then vetoed; equal ranks by key. */
  ranked: string[];
  /** Units with no composite (vetoed or not), by key. */
  insufficient: string[];
  rank: Map<string, number>;
  top: string[];
  bottom: string[];
}

// Code-unit order, not localeCompare: the same on every server and browser.
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Scored {
  key: string;
  composite: Fraction;
}

/** Competition ranks (1, 2, 2, 4), highest first, starting after `offset` places. */
function competitionRanks(list: Scored[], offset: number, rank: Map<string, number>): Scored[] {
  const sorted = [...list].sort((a, b) => b.composite.compare(a.composite) || byKey(a.key, b.key));
  sorted.forEach((u, i) => {
    const prev = sorted[i - 1];
    rank.set(u.key, prev && prev.composite.equals(u.composite) ? rank.get(prev.key)! : offset + i + 1);
  });
  return sorted;
}

/**
 * Ranks one category.
 *
 * Vetoed units: a veto (一票否决) puts a unit after every non-vetoed unit of
 * its category whatever its score. A vetoed unit that has a composite still
 * gets a rank, so the table stays complete: vetoed units are ranked among
 * themselves by composite (then key), with ranks continuing after the last
 * non-vetoed unit (e.g. 1, 2, 2 then vetoed 4, 4, 6). A vetoed unit without a
 * composite has no rank, like any insufficient unit.
 *
 * Top: ranked non-vetoed units with rank ≤ top. A vetoed unit is never
 * praised, whatever its score.
 *
 * Bottom: ranked units (vetoed ones included, since they are ranked lowest)
 * with fewer than `bottom` ranked units strictly below them, so ties at the
 * edge are all in. Insufficient units are neither candidates nor counted as
 * "below": with no rank there is no "below", and a vetoed unit without data
 * must not push a ranked unit out of the bottom set it earned. In a small
 * category a unit can be both top and bottom; both are reported as they are.
 */
export function placeCategory(entries: RankEntry[], top: number, bottom: number): CategoryPlacement {
  const rank = new Map<string, number>();
  const scored = (vetoed: boolean) =>
    entries.filter((e): e is RankEntry & Scored => e.composite !== null && e.vetoed === vetoed);
  const clean = competitionRanks(scored(false), 0, rank);
  const vetoed = competitionRanks(scored(true), clean.length, rank);
  const ranked = [...clean, ...vetoed].map((u) => u.key);

  const topUnits = clean.filter((u) => rank.get(u.key)! <= top).map((u) => u.key);

  // Walk from the lowest rank up: every unit of a tied block has the same
  // number of units strictly below it, namely those already walked past.
  const bottomSet = new Set<string>();
  let below = 0;
  for (let end = ranked.length; end > 0 && below < bottom; ) {
    const r = rank.get(ranked[end - 1])!;
    let start = end - 1;
    while (start > 0 && rank.get(ranked[start - 1]) === r) start--;
    for (let i = start; i < end; i++) bottomSet.add(ranked[i]);
    below += end - start;
    end = start;
  }
  const bottomUnits = ranked.filter((k) => bottomSet.has(k));

  const insufficient = entries.filter((e) => e.composite === null).map((e) => e.key).sort(byKey);
  return { ranked, insufficient, rank, top: topUnits, bottom: bottomUnits };
}

/**
 * Rule 8 on the rounded composite, compared as exact fractions: a composite
 * equal to the red threshold is yellow, equal to yellow is green. A vetoed
 * unit is red even without a composite (the veto is the verdict); any other
 * unit without a composite gets no warning.
 */
export function warningFor(composite: Fraction | null, vetoed: boolean, red: Fraction, yellow: Fraction): Warning | null {
  if (vetoed) return 'red';
  if (composite === null) return null;
  if (composite.compare(red) < 0) return 'red';
  if (composite.compare(yellow) < 0) return 'yellow';
  return 'green';
}
