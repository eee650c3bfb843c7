// Changes to the graded units that reach beyond one field.
import type { EditorSpec } from './types';
import { nextKey } from './keys';

/**
 * Retire a unit: it leaves the file, and the questionnaires that list it by
 * key. Before the first ballot nothing refers to it yet; a unit graded in
 * earlier years keeps its history there (units persist across campaigns by
 * key), and comes back under the same key when it is added again.
 */
export function retireUnit(spec: EditorSpec, key: string): void {
  spec.units = spec.units.filter((u) => u.key !== key);
  for (const q of spec.questionnaires) if (Array.isArray(q.units)) q.units = q.units.filter((k) => k !== key);
}

/** A new unit at the end of a category (a made-up key, an empty name to type). */
export function addUnit(spec: EditorSpec, category: string): string {
  const key = nextKey('u', spec.units.map((u) => u.key));
  spec.units.push({ key, name: '', category });
  return key;
}

/** Remove a category whose units have all gone (the form offers it only then). */
export function removeCategory(spec: EditorSpec, key: string): void {
  spec.categories = spec.categories.filter((c) => c.key !== key);
}

/** How many units each category holds. */
export function unitCounts(spec: Pick<EditorSpec, 'units'>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const u of spec.units) counts.set(u.category, (counts.get(u.category) ?? 0) + 1);
  return counts;
}
