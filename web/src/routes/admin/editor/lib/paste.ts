// Units pasted straight from a spreadsheet: tab-separated rows of
// 单位名称, 类别, 编码 (the code optional), with a header row or without. The
// category may be given by its name or its key; a missing code is made up
// (u001 …). A row whose code (or, without one, whose name) is already in the
// file updates that unit, so a list exported, edited and pasted back moves
// and renames units instead of doubling them. Every bad row is reported with
// its number (1 = the first data row), the good ones are taken.
import { UNIT_ROW_ISSUE_CODES, type UnitRowIssueCode } from '@minping/shared/contracts/drafts';
import { isKey, nextKey } from './keys';
import type { EditorSpec } from './types';

type Unit = EditorSpec['units'][number];
type Category = Pick<EditorSpec['categories'][number], 'key' | 'name'>;

// The same codes as the server's XLSX reader (contracts/drafts.ts), so one set of words serves both.
export const ROW_ISSUE_CODES = UNIT_ROW_ISSUE_CODES;
export type RowIssue = { row: number; code: UnitRowIssueCode; params: Record<string, string | number> };

const HEADERS: Record<'name' | 'category' | 'key', readonly string[]> = {
  name: ['单位名称', '名称', '单位', 'name', 'unit'],
  category: ['类别', '所属类别', 'category'],
  key: ['编码', '单位编码', 'key', 'code'],
};

const norm = (s: string) => s.trim().replace(/^\uFEFF/, '').toLowerCase();

/** Column positions from a header row, or null when the row is data. */
function headerColumns(cells: string[]): { name: number; category: number; key: number } | null {
  const find = (names: readonly string[]) => cells.findIndex((c) => names.includes(norm(c)));
  const name = find(HEADERS.name);
  if (name < 0) return null;
  return { name, category: find(HEADERS.category), key: find(HEADERS.key) };
}

/** The rows of a pasted text: cells split by tabs (by commas only when no line has a tab). */
export function splitRows(text: string): string[][] {
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  const sep = lines.some((l) => l.includes('\t')) ? '\t' : /[,，]/;
  return lines.map((l) => l.split(sep).map((c) => c.trim()));
}

export interface PastedUnits {
  /** The file's units with the rows taken: new ones appended, known ones updated in place. */
  units: Unit[];
  added: number;
  updated: number;
  issues: RowIssue[];
}

const MAX_ROWS = 5000;
const MAX_NAME = 200;

export function pasteUnits(text: string, units: readonly Unit[], categories: readonly Category[]): PastedUnits {
  const rows = splitRows(text);
  const header = rows.length ? headerColumns(rows[0]) : null;
  const cols = header ?? { name: 0, category: 1, key: 2 };
  const data = header ? rows.slice(1) : rows;
  const out = units.map((u) => ({ ...u }));
  const taken = new Set(out.map((u) => u.key));
  const seen = new Set<string>();
  const keyRow = new Map<string, number>();
  const issues: RowIssue[] = [];
  let added = 0;
  let updated = 0;

  const category = (value: string) => {
    const v = norm(value);
    return categories.find((c) => c.key === value.trim()) ?? categories.find((c) => norm(c.name) === v);
  };

  data.forEach((cells, i) => {
    const row = i + 1;
    if (row > MAX_ROWS) {
      if (row === MAX_ROWS + 1) issues.push({ row, code: 'TOO_MANY_ROWS', params: { maximum: MAX_ROWS } });
      return;
    }
    const name = cells[cols.name] ?? '';
    const catText = cols.category >= 0 ? (cells[cols.category] ?? '') : '';
    const keyText = cols.key >= 0 ? (cells[cols.key] ?? '').toLowerCase() : '';
    const before = issues.length;
    if (!name) issues.push({ row, code: 'NAME_MISSING', params: {} });
    else if (name.length > MAX_NAME) issues.push({ row, code: 'NAME_TOO_LONG', params: { maximum: MAX_NAME } });
    // One category needs no column: every unit is in it.
    const cat = catText ? category(catText) : categories.length === 1 ? categories[0] : undefined;
    if (!catText && !cat) issues.push({ row, code: 'CATEGORY_MISSING', params: {} });
    else if (!cat) issues.push({ row, code: 'CATEGORY_UNKNOWN', params: { value: catText } });
    if (keyText && !isKey(keyText)) issues.push({ row, code: 'KEY_INVALID', params: { value: keyText } });
    else if (keyText && keyRow.has(keyText)) issues.push({ row, code: 'DUPLICATE_KEY', params: { key: keyText, first: keyRow.get(keyText)! } });
    if (keyText && !keyRow.has(keyText)) keyRow.set(keyText, row);
    if (issues.length > before || !cat) return;

    const existing = keyText ? out.find((u) => u.key === keyText) : out.find((u) => u.name === name && !seen.has(u.key));
    if (existing) {
      existing.name = name;
      existing.category = cat.key;
      seen.add(existing.key);
      updated++;
      return;
    }
    const key = keyText || nextKey('u', taken);
    taken.add(key);
    seen.add(key);
    out.push({ key, name, category: cat.key });
    added++;
  });
  return { units: out, added, updated, issues };
}

/** The units as rows to paste into a spreadsheet (with the header row), the inverse of pasteUnits. */
export function unitsAsRows(units: readonly Unit[], categories: readonly Category[]): string {
  const name = (key: string) => categories.find((c) => c.key === key)?.name ?? key;
  return ['单位名称\t类别\t编码', ...units.map((u) => `${u.name}\t${name(u.category)}\t${u.key}`)].join('\n');
}
