import { Readable } from 'node:stream';
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

/**
 * The rule of every streamed export: it answers only once its first piece is
 * ready, and that piece holds the first page of data, not just the header. So
 * whatever fails early (a bad filter, a query error) is thrown here, before the
 * status line, and the client gets an error in the envelope — never a 200 whose
 * body stops mid-way and looks like a complete, shorter file. A failure after
 * the first byte can only cut the connection, which a client does see as failed.
 */
export async function primedStream(chunks: AsyncIterable<string>): Promise<Readable> {
  const it = chunks[Symbol.asyncIterator]();
  const first = await it.next();
  async function* all() {
    if (first.done) return;
    yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  return Readable.from(all(), { objectMode: false });
}
