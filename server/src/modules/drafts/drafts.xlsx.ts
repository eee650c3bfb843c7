// Units as offices keep them: a spreadsheet with 单位名称 / 类别 / 编码 columns
// (or Name / Category / Key). The export of a draft's units is itself the
// template: filled in and read back, it gives the same units.
import ExcelJS from 'exceljs';
import { KEY_PATTERN } from '@minping/shared/spec';
import { clip, isCleanText } from '@minping/shared/text';
import type { UnitRowIssueCode, UnitRows } from '@minping/shared/contracts/drafts';
import { AppError } from '../../lib/errors.js';

const MAX_UNITS = 5000; // as many as a campaign file may list
const HEADER_SEARCH_ROWS = 20; // a title or a note may sit above the header

type Column = 'name' | 'category' | 'key';
const HEADER_NAMES: Record<Column, string[]> = {
  name: ['单位名称', '名称', '被评对象', '被评单位', 'name', 'unit', 'unit name'],
  category: ['类别', '分类', 'category'],
  key: ['编码', '单位编码', 'key', 'code'],
};
const HEAD: Record<'zh-CN' | 'en', { units: string; categories: string; name: string; category: string; key: string; categoryName: string }> = {
  'zh-CN': { units: '单位', categories: '类别', name: '单位名称', category: '类别', key: '编码', categoryName: '类别名称' },
  en: { units: 'Units', categories: 'Categories', name: 'Name', category: 'Category', key: 'Key', categoryName: 'Category name' },
};

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
const columnOf = (text: string): Column | undefined => (Object.keys(HEADER_NAMES) as Column[]).find((c) => HEADER_NAMES[c].includes(norm(text)));

function cellText(cell: ExcelJS.Cell): string {
  try {
    return (cell.text ?? '').replace(/\s+/g, ' ').trim();
  } catch {
    return '';
  }
}

const MESSAGES: Record<UnitRowIssueCode, (p: Record<string, unknown>) => string> = {
  NAME_MISSING: () => 'the row has no unit name',
  NAME_TOO_LONG: (p) => `the unit name has more than ${p.maximum} characters`,
  KEY_INVALID: (p) => `"${p.value}" is not a key (lower-case letters, digits and "-")`,
  DUPLICATE_KEY: (p) => `the key "${p.key}" is used twice (first in row ${p.first})`,
  CATEGORY_MISSING: () => 'the row has no category',
  CATEGORY_UNKNOWN: (p) => `no category is named or keyed "${p.value}"`,
  TEXT_INVALID: () => 'a cell holds a NUL character or an unpaired UTF-16 surrogate',
  TOO_MANY_ROWS: (p) => `at most ${p.maximum} units; the rows from here on were not read`,
};

/**
 * Reads units from an XLSX. The header row is found by its names in the first
 * sheet that has one; 类别 may be a category's name or its key (resolved
 * against `categories` when given; a file with one category needs no 类别);
 * 编码 may be empty (the editor makes keys). Rows that cannot be read are
 * listed with a stable code, by row number (1 = the first row under the header).
 */
export async function readUnitsXlsx(bytes: Buffer, categories: { key: string; name: string }[] | null): Promise<UnitRows> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new AppError(400, 'XLSX_INVALID', `The file is not a readable XLSX workbook (${clip((err as Error).message, 100)})`);
  }
  // A zip that holds no sheet (a .docx, an archive) is not a workbook either.
  if (!book.worksheets.length) throw new AppError(400, 'XLSX_INVALID', 'The file holds no worksheet');
  for (const sheet of book.worksheets) {
    for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r++) {
      const columns = new Map<Column, number>();
      sheet.getRow(r).eachCell((cell, col) => {
        const c = columnOf(cellText(cell));
        if (c && !columns.has(c)) columns.set(c, col);
      });
      if (columns.has('name')) return readRows(sheet, r, columns, categories);
    }
  }
  throw new AppError(422, 'XLSX_NO_HEADER', 'No sheet has a header row with a 单位名称 (Name) column');
}

function readRows(sheet: ExcelJS.Worksheet, header: number, columns: Map<Column, number>, categories: { key: string; name: string }[] | null): UnitRows {
  const out: UnitRows = { units: [], issues: [] };
  const issue = (row: number, code: UnitRowIssueCode, params: Record<string, unknown> = {}) => out.issues.push({ row, code, params, message: MESSAGES[code](params) });
  const byName = new Map(categories?.map((c) => [norm(c.name), c.key]));
  const byKey = new Set(categories?.map((c) => c.key));
  const firstRowOfKey = new Map<string, number>();
  for (let r = header + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const read = (c: Column) => (columns.has(c) ? cellText(row.getCell(columns.get(c)!)) : '');
    const name = read('name');
    const written = read('category');
    const key = read('key').toLowerCase();
    const n = r - header;
    if (!name && !written && !key) continue;
    if (out.units.length >= MAX_UNITS) {
      issue(n, 'TOO_MANY_ROWS', { maximum: MAX_UNITS });
      break;
    }
    if (![name, written, key].every(isCleanText)) {
      issue(n, 'TEXT_INVALID');
      continue;
    }
    if (!name) {
      issue(n, 'NAME_MISSING');
      continue;
    }
    if (name.length > 200) {
      issue(n, 'NAME_TOO_LONG', { maximum: 200 });
      continue;
    }
    if (key && !KEY_PATTERN.test(key)) {
      issue(n, 'KEY_INVALID', { value: clip(key, 80) });
      continue;
    }
    if (key && firstRowOfKey.has(key)) {
      issue(n, 'DUPLICATE_KEY', { key, first: firstRowOfKey.get(key)! });
      continue;
    }
    let category = written;
    if (categories) {
      if (!written && categories.length === 1) category = categories[0].key;
      else if (written) category = byKey.has(written) ? written : (byName.get(norm(written)) ?? '');
      if (written && !category) {
        issue(n, 'CATEGORY_UNKNOWN', { value: clip(written, 80) });
        continue;
      }
    }
    if (!category) {
      issue(n, 'CATEGORY_MISSING');
      continue;
    }
    if (key) firstRowOfKey.set(key, n);
    out.units.push({ key, name, category });
  }
  return out;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** A draft's units as the spreadsheet template (类别 by name), with the categories on a second sheet. */
export async function unitsXlsx(file: unknown, lang: 'zh-CN' | 'en'): Promise<Buffer> {
  const h = HEAD[lang];
  const spec = isObj(file) ? file : {};
  const categories = (Array.isArray(spec.categories) ? spec.categories : []).filter(isObj);
  const names = new Map(categories.filter((c) => typeof c.key === 'string').map((c) => [c.key as string, str(c.name) || (c.key as string)]));
  const book = new ExcelJS.Workbook();
  const units = book.addWorksheet(h.units);
  units.addRow([h.name, h.category, h.key]).font = { bold: true };
  for (const u of (Array.isArray(spec.units) ? spec.units : []).filter(isObj)) units.addRow([str(u.name), names.get(str(u.category)) ?? str(u.category), str(u.key)]);
  units.columns.forEach((col, i) => (col.width = i === 0 ? 36 : 18));
  units.views = [{ state: 'frozen', ySplit: 1 }];
  const sheet = book.addWorksheet(h.categories);
  sheet.addRow([h.categoryName, h.key]).font = { bold: true };
  for (const c of categories) sheet.addRow([str(c.name), str(c.key)]);
  sheet.columns.forEach((col, i) => (col.width = i === 0 ? 24 : 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
