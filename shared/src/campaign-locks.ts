// What may still change in a campaign once ballots exist: names and texts.
// Everything else (keys, weights, points, lists, dates, rules) is frozen,
// because ballots, tallies and results refer to it. One rule for the server
// (which refuses a frozen import) and the web editor (which shows each locked
// field and why): both read it from here.
import { specIssue, type SpecIssue } from './spec-issues.js';

/** Fields an office may still change once ballots exist. */
export const TEXT_FIELDS: ReadonlySet<string> = new Set(['name', 'label', 'title', 'intro', 'theme']);

/** Is the value at this path (e.g. "units[3].name") a text that stays editable after the first ballot? */
export function isTextPath(path: string): boolean {
  const last = /(?:^|\.)([^.[\]]+)$/.exec(path);
  return Boolean(last && TEXT_FIELDS.has(last[1]));
}

/** May the value at `path` change in a campaign with this many ballots? */
export function isEditablePath(path: string, ballots: number): boolean {
  return ballots === 0 || isTextPath(path);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const byKey = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The spec without its texts, keys sorted: two campaigns with equal structure
 * compare equal. Sorted because a spec read back from jsonb has its keys in
 * jsonb's order, not the file's; texts are dropped (not blanked) so adding an
 * optional intro is a text change too.
 */
export function structureOf(spec: unknown): string {
  return JSON.stringify(spec, (k, v) => {
    if (TEXT_FIELDS.has(k) && typeof v === 'string') return undefined;
    if (isObj(v)) return Object.fromEntries(Object.entries(v).sort(byKey));
    return v;
  });
}

/** An object's fields without its texts (the same texts structureOf drops). */
function structural(o: Obj): Map<string, unknown> {
  return new Map(Object.entries(o).filter(([k, v]) => !(TEXT_FIELDS.has(k) && typeof v === 'string')));
}

const join = (path: string, k: string | number) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k);
// No campaign file is more than a few levels deep; below this, whatever differs is named where it starts.
const MAX_DEPTH = 16;

function diff(a: unknown, b: unknown, path: string, depth: number, out: string[]) {
  if (a === b) return;
  if (depth > MAX_DEPTH) return void out.push(path || '(root)');
  if (isObj(a) && isObj(b)) {
    const fa = structural(a);
    const fb = structural(b);
    for (const [k, v] of fb) {
      if (!fa.has(k)) out.push(join(path, k));
      else diff(fa.get(k), v, join(path, k), depth + 1, out);
    }
    for (const k of fa.keys()) if (!fb.has(k)) out.push(join(path, k));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) diff(a[i], b[i], join(path, i), depth + 1, out);
    // Items added are each named; items removed change the list itself.
    for (let i = n; i < b.length; i++) out.push(join(path, i));
    if (b.length < a.length) out.push(path || '(root)');
    return;
  }
  out.push(path || '(root)');
}

/**
 * The paths where `after` (a campaign file as edited, valid or not) changes
 * what is frozen in `before` (the stored spec): each changed value, each item
 * added to a list, a list that lost items. Empty exactly when
 * structureOf(before) === structureOf(after).
 */
export function lockedChanges(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  diff(before, after, '', 0, out);
  return out;
}

/** One FIELD_LOCKED issue per locked change, for a campaign with `ballots` ballots (none when it has none). */
export function lockIssues(before: unknown, after: unknown, ballots: number): SpecIssue[] {
  if (ballots === 0) return [];
  return lockedChanges(before, after).map((path) => specIssue(path, 'FIELD_LOCKED', { ballots }));
}
