// Code batches: the printable sheet is paged (the server caps a page at 5,000
// codes; 480 fill about 24 A4 pages at 20 a page, measured in Chromium's print),
// and big batches fill up in the worker.
export const SHEET_PAGE = 480;

export interface SheetRange {
  offset: number;
  limit: number;
  /** 1-based, inclusive, for the label "1–480". */
  from: number;
  to: number;
}

export function sheetRanges(size: number, per = SHEET_PAGE): SheetRange[] {
  const out: SheetRange[] = [];
  for (let offset = 0; offset < size; offset += per) {
    const limit = Math.min(per, size - offset);
    out.push({ offset, limit, from: offset + 1, to: offset + limit });
  }
  return out;
}

/** Whole percent generated, never 100 before the batch says it is ready. */
export function generatedPercent(b: { generated: number; size: number; status: string }): number {
  if (b.status === 'ready') return 100;
  if (!b.size) return 0;
  return Math.min(99, Math.floor((b.generated / b.size) * 100));
}
