// Entered scores typed by hand or pasted from a spreadsheet column. A score is
// 0–100 with at most 4 decimals (shared/contracts/scores.ts); the check here
// only saves a round trip, the server checks again.
const SCORE = /^\d{1,3}(\.\d{1,4})?$/;

/** Full-width digits and points (typed with a Chinese input method) become ASCII. */
export function normalizeScore(raw: string): string {
  return raw
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/\s+/g, '');
}

export function isScore(value: string): boolean {
  return SCORE.test(value) && Number(value) <= 100;
}

export interface PasteUnit {
  key: string;
  name: string;
}

export interface PasteProblem {
  /** 1-based line of the pasted text. */
  line: number;
  text: string;
  reason: 'notScore' | 'unknownUnit' | 'extra' | 'duplicate';
}

export interface PasteResult {
  /** unit key → normalised score */
  scores: Map<string, string>;
  problems: PasteProblem[];
  /** 'column': line n is the n-th unit; 'pairs': each line names its unit. */
  mode: 'column' | 'pairs';
}

const splitCells = (line: string) => line.split(/\t|,|，|;/).map((c) => c.trim());

/**
 * A pasted column of scores, in the order of the table, or lines of
 * "unit<TAB>score" (key or name) copied from two spreadsheet columns.
 * In a column, an empty line leaves that unit as it is.
 */
export function parsePastedScores(text: string, units: readonly PasteUnit[]): PasteResult {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  const scores = new Map<string, string>();
  const problems: PasteProblem[] = [];
  const byName = new Map<string, string>();
  for (const u of units) {
    byName.set(u.key, u.key);
    byName.set(u.name, u.key);
  }
  const pairs = lines.some((l) => splitCells(l).filter(Boolean).length >= 2);
  if (!pairs) {
    lines.forEach((raw, i) => {
      const text = raw.trim();
      if (!text) return;
      if (i >= units.length) return problems.push({ line: i + 1, text, reason: 'extra' });
      const v = normalizeScore(text);
      if (!isScore(v)) return problems.push({ line: i + 1, text, reason: 'notScore' });
      scores.set(units[i].key, v);
    });
    return { scores, problems, mode: 'column' };
  }
  lines.forEach((raw, i) => {
    const cells = splitCells(raw).filter(Boolean);
    if (!cells.length) return;
    const text = raw.trim();
    const unit = byName.get(cells[0]);
    const v = normalizeScore(cells[cells.length - 1]);
    // A header row ("单位 分数") is skipped quietly when it is the first line.
    if (!unit && i === 0 && !isScore(v)) return;
    if (!unit) return problems.push({ line: i + 1, text, reason: 'unknownUnit' });
    if (!isScore(v)) return problems.push({ line: i + 1, text, reason: 'notScore' });
    if (scores.has(unit)) return problems.push({ line: i + 1, text, reason: 'duplicate' });
    scores.set(unit, v);
  });
  return { scores, problems, mode: 'pairs' };
}

/** Same score? "85" and "85.00" are the same number to the office. */
export function sameScore(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == b;
  return Number(a) === Number(b);
}

export interface CsvChange {
  unit: string;
  unitName: string;
  from: string | null;
  to: string;
}

export interface CsvPreviewRow extends CsvChange {
  direction: 'new' | 'up' | 'down' | 'same';
  /** to − from, signed, as text; null for a first score. */
  delta: string | null;
}

/** The server's dry-run answer, ready for the preview table. */
export function previewRows(changes: readonly CsvChange[]): CsvPreviewRow[] {
  return changes.map((c) => {
    if (c.from === null) return { ...c, direction: 'new', delta: null };
    const d = Number(c.to) - Number(c.from);
    // Scores have ≤ 4 decimals: rounding to 4 removes the float noise.
    const rounded = Math.round(d * 10000) / 10000;
    return { ...c, direction: rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'same', delta: (rounded > 0 ? '+' : '') + String(rounded) };
  });
}

/** "86.0000" → "86", "91.2500" → "91.25": stored with 4 decimals, shown as entered. */
export function trimScore(score: string | null): string | null {
  if (score === null || !/^\d+\.\d+$/.test(score)) return score;
  return score.replace(/0+$/, '').replace(/\.$/, '');
}
