// Worksheet names from names an office typed (a category's name): Excel, and
// ExcelJS before it, refuse `\ / * ? : [ ]`, a leading or trailing
// apostrophe, an empty name, "History", more than 31 characters, and two names
// alike but for case. A category called 镇/街道 made the rankings' XLSX a 500.
import { clip } from '@minping/shared/text';

const MAX = 31;

/** One valid, distinct worksheet name per name given, in order, each as close to its name as Excel allows. */
export function sheetNames(names: string[]): string[] {
  const taken = new Set<string>();
  // Spaces and apostrophes come off the ends last, after every cut: a cut can leave either at the end.
  const ends = (s: string) => s.replace(/^[\s']+|[\s']+$/g, '');
  return names.map((name) => {
    let base = ends(clip(ends(name.replace(/[\\/*?:[\]]/g, '_').replace(/[\u0000-\u001f]/g, ' ')), MAX));
    if (!base) base = 'Sheet';
    if (base.toLowerCase() === 'history') base = `${base}_`;
    let candidate = base;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      candidate = `${ends(clip(base, MAX - suffix.length)) || 'Sheet'}${suffix}`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
