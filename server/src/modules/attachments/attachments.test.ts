import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DOCX, PLAIN_ZIP, XLSX, storedZip } from '../../../../test/fixtures/office.js';
import { classify, zipEntryNames } from './attachments.service.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('telling an Office file from any zip', () => {
  it('takes a real .docx and .xlsx', () => {
    expect(classify('报告.docx', DOCX)).toBe(DOCX_TYPE);
    expect(classify('表.XLSX', XLSX)).toBe(XLSX_TYPE);
  });

  it('refuses a zip that is not the document its name says', () => {
    expect(classify('报告.docx', PLAIN_ZIP)).toBeNull();
    expect(classify('报告.docx', XLSX)).toBeNull();
    expect(classify('表.xlsx', DOCX)).toBeNull();
    expect(classify('报告.docx', storedZip({ 'word/document.xml': '<w:document/>' }))).toBeNull(); // no [Content_Types].xml
    expect(classify('宏.docx', storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '', 'word/vbaProject.bin': 'x' }))).toBeNull();
  });

  it('reads a broken or hostile zip as no zip, never throws', () => {
    for (let cut = 1; cut < DOCX.length; cut += 7) expect(() => classify('a.docx', DOCX.subarray(0, cut))).not.toThrow();
    expect(classify('a.docx', DOCX.subarray(0, DOCX.length - 30))).toBeNull();
    for (let i = 0; i < 200; i++) {
      const junk = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), crypto.randomBytes(i * 3), Buffer.from('PK\x05\x06', 'latin1'), crypto.randomBytes(18)]);
      expect(() => zipEntryNames(junk)).not.toThrow();
    }
    expect(zipEntryNames(Buffer.alloc(0))).toBeNull();
  });
});
