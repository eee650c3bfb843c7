import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isCleanText } from '@minping/shared/text';
import { sheetNames } from './sheet-names.js';

describe('sheetNames', () => {
  it('keeps a plain name as it is', () => {
    expect(sheetNames(['窗口单位', '乡镇（街道）'])).toEqual(['窗口单位', '乡镇（街道）']);
  });

  it('turns what Excel refuses into names it takes, distinct whatever the case', () => {
    const given = ['镇/街道', 'a\\b*c?d:e[f]', "'quoted'", '', '   ', 'History', 'history', 'Sales', 'SALES', 'sales', '一'.repeat(40), '一'.repeat(35), `x${'😀'.repeat(20)}`, 'tab\there', `${'a'.repeat(30)}'bcd`, "\t'x", `${'a'.repeat(26)} (2)'`, `${'b'.repeat(26)} '`, `${'b'.repeat(26)} '`];
    const names = sheetNames(given);
    expect(names.slice(0, 3)).toEqual(['镇_街道', 'a_b_c_d_e_f_', 'quoted']);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    const book = new ExcelJS.Workbook();
    for (const n of names) {
      expect(n.length).toBeGreaterThan(0);
      expect(n.length).toBeLessThanOrEqual(31);
      expect(isCleanText(n)).toBe(true);
      // ExcelJS applies Excel's rules: it throws on any name Excel would refuse.
      expect(() => book.addWorksheet(n)).not.toThrow();
    }
    expect(book.worksheets.map((w) => w.name)).toEqual(names);
  });
});
