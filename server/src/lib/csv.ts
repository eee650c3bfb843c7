// CSV as spreadsheets read it: RFC 4180 quoting, and a byte-order mark first
// so Excel opens UTF-8 (Chinese) text correctly.
export const CSV_BOM = '\ufeff';

// A voter's comment starting with "=" would run as a formula when an office
// opens the export in a spreadsheet; such text gets a leading apostrophe.
// Numbers ("-1", "+86") are left alone.
const FORMULA = /^[=+\-@\t\r](?![\d.]+$)/;

export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
