// CSV as spreadsheets read it: RFC 4180 quoting, and a byte-order mark first
// so Excel opens UTF-8 (Chinese) text correctly.
export const CSV_BOM = '\ufeff';

export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\n`;
}
