// The rules of a campaign file that zod cannot state field by field:
// uniqueness, references, sums. They read the file as it came (not the parsed
// spec), so a file whose fields also break the schema gets these problems in
// the same answer: an office fixes everything in one round, not six. A rule is
// checked only where the values it compares can be read (a sum of weights
// only when every weight is a number), so a broken field is named once, by
// the schema, not again by every rule that touches it.
import { specIssue, type SpecIssue } from './spec-issues.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export const isRealDate = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const isDate = (v: unknown): v is string => isStr(v) && DATE_PATTERN.test(v) && isRealDate(v);

/** The keys of a list, or null when the list itself cannot be read (the schema says why). */
function keysOf(list: unknown): Set<string> | null {
  if (!Array.isArray(list)) return null;
  return new Set(list.flatMap((item) => (isObj(item) && isStr(item.key) ? [item.key] : [])));
}

function uniqueKeys(list: unknown, at: string, issues: SpecIssue[]) {
  const seen = new Map<string, number>();
  items(list).forEach((item, i) => {
    if (!isObj(item) || !isStr(item.key)) return;
    const first = seen.get(item.key);
    if (first !== undefined) issues.push(specIssue(`${at}[${i}].key`, 'DUPLICATE_KEY', { key: item.key, first: `${at}[${first}]` }));
    else seen.set(item.key, i);
  });
}

const LISTS = ['phases', 'scales', 'categories', 'units', 'groups', 'problems', 'questionnaires', 'components'] as const;

export function checkSpecSemantics(input: unknown): SpecIssue[] {
  if (!isObj(input)) return [];
  const spec = input;
  const issues: SpecIssue[] = [];
  for (const list of LISTS) uniqueKeys(spec[list], list, issues);

  items(spec.phases).forEach((p, i) => {
    if (isObj(p) && isDate(p.start) && isDate(p.end) && p.end < p.start) issues.push(specIssue(`phases[${i}].end`, 'PHASE_ENDS_BEFORE_START', { start: p.start, end: p.end }));
  });

  items(spec.scales).forEach((s, i) => {
    if (!isObj(s)) return;
    uniqueKeys(s.options, `scales[${i}].options`, issues);
    if (!Array.isArray(s.options)) return;
    const points = s.options.map((o) => (isObj(o) ? o.points : undefined));
    if (points.some((p) => p !== null && !isNum(p))) return; // counted only when every option's points can be read
    const scored = points.filter((p) => p !== null).length;
    const unknown = points.length - scored;
    if (scored < 2) issues.push(specIssue(`scales[${i}].options`, 'SCALE_TOO_FEW_SCORED', { scored }));
    if (unknown > 1) issues.push(specIssue(`scales[${i}].options`, 'SCALE_MANY_UNKNOWN', { unknown }));
  });

  const categories = keysOf(spec.categories);
  items(spec.units).forEach((u, i) => {
    if (categories && isObj(u) && isStr(u.category) && !categories.has(u.category)) issues.push(specIssue(`units[${i}].category`, 'UNKNOWN_REFERENCE', { key: u.category, list: 'categories' }));
  });

  const scales = keysOf(spec.scales);
  const units = keysOf(spec.units);
  const groups = keysOf(spec.groups);
  items(spec.questionnaires).forEach((q, i) => {
    if (!isObj(q)) return;
    if (scales && isStr(q.scale) && !scales.has(q.scale)) issues.push(specIssue(`questionnaires[${i}].scale`, 'UNKNOWN_REFERENCE', { key: q.scale, list: 'scales' }));
    if (Array.isArray(q.units)) {
      const seen = new Set<string>();
      q.units.forEach((k, j) => {
        if (!isStr(k)) return;
        if (units && !units.has(k)) issues.push(specIssue(`questionnaires[${i}].units[${j}]`, 'UNKNOWN_REFERENCE', { key: k, list: 'units' }));
        if (seen.has(k)) issues.push(specIssue(`questionnaires[${i}].units[${j}]`, 'UNIT_LISTED_TWICE', { key: k }));
        seen.add(k);
      });
    }
    if (q.problems === true && Array.isArray(spec.problems) && spec.problems.length === 0) issues.push(specIssue(`questionnaires[${i}].problems`, 'PROBLEMS_NONE', {}));
    // Each group at most once, and only groups the file defines.
    const firstAt = new Map<string, number>();
    items(q.groupWeights).forEach((w, j) => {
      if (!isObj(w) || !isStr(w.group)) return;
      const at = `questionnaires[${i}].groupWeights[${j}]`;
      if (groups && !groups.has(w.group)) issues.push(specIssue(`${at}.group`, 'UNKNOWN_REFERENCE', { key: w.group, list: 'groups' }));
      const first = firstAt.get(w.group);
      if (first !== undefined) issues.push(specIssue(`${at}.group`, 'DUPLICATE_KEY', { key: w.group, first: `questionnaires[${i}].groupWeights[${first}]` }));
      else firstAt.set(w.group, j);
    });
  });

  const questionnaires = keysOf(spec.questionnaires);
  items(spec.components).forEach((c, i) => {
    if (questionnaires && isObj(c) && c.source === 'ballots' && isStr(c.questionnaire) && !questionnaires.has(c.questionnaire)) {
      issues.push(specIssue(`components[${i}].questionnaire`, 'UNKNOWN_REFERENCE', { key: c.questionnaire, list: 'questionnaires' }));
    }
  });

  // Weights are compared in millionths so 33.33+33.33+33.34 is exactly 100.
  const components = items(spec.components);
  if (components.length && components.every((c) => isObj(c) && isNum(c.weight))) {
    const total = components.reduce<number>((s, c) => s + Math.round((c as { weight: number }).weight * 1e6), 0);
    if (total !== 100 * 1e6) issues.push(specIssue('components', 'WEIGHTS_NOT_100', { total: total / 1e6 }));
  }

  const warnings = isObj(spec.rules) ? spec.rules.warnings : undefined;
  if (isObj(warnings) && isNum(warnings.red) && isNum(warnings.yellow) && warnings.red > warnings.yellow) {
    issues.push(specIssue('rules.warnings.red', 'WARNINGS_ORDER', { red: warnings.red, yellow: warnings.yellow }));
  }
  return issues;
}
