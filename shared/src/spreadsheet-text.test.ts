import { describe, expect, it } from 'vitest';
import { decodeSpreadsheetText } from './spreadsheet-text.js';

describe('decodeSpreadsheetText', () => {
  it('reads UTF-8 (its byte-order mark dropped) and GB18030, as Chinese Excel saves CSV', () => {
    expect(decodeSpreadsheetText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('单位,分数\nw-gs,90')]))).toBe('单位,分数\nw-gs,90');
    // 单位,分数 in GB18030
    expect(decodeSpreadsheetText(new Uint8Array([0xb5, 0xa5, 0xce, 0xbb, 0x2c, 0xb7, 0xd6, 0xca, 0xfd]))).toBe('单位,分数');
  });
  it('refuses bytes that are neither', () => {
    expect(decodeSpreadsheetText(new Uint8Array([0x61, 0xff, 0xff, 0xff]))).toBeNull();
  });
});
