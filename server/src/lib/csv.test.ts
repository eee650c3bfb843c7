import { expect, it } from 'vitest';
import { csvCell, csvRow, primedStream } from './csv.js';

it('quotes only what needs quoting, and doubles quotes inside', () => {
  expect(csvCell('市发改委')).toBe('市发改委');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('他说"好"')).toBe('"他说""好"""');
  expect(csvCell('two\nlines')).toBe('"two\nlines"');
  expect(csvCell(null)).toBe('');
  expect(csvRow([1, '84.21', undefined, 'x'])).toBe('1,84.21,,x\n');
});

it('keeps a spreadsheet from running text as a formula, and leaves numbers alone', () => {
  expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
  expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvCell('-1')).toBe('-1');
  expect(csvCell('+86')).toBe('+86');
  expect(csvCell(-3)).toBe('-3');
});

it('a streamed export fails before its first byte when its first piece cannot be made', async () => {
  async function* broken(): AsyncGenerator<string> {
    throw new Error('first page failed');
  }
  await expect(primedStream(broken())).rejects.toThrow('first page failed');
  async function* pages() {
    yield 'header,page1\n';
    yield 'page2\n';
  }
  let text = '';
  for await (const chunk of await primedStream(pages())) text += chunk;
  expect(text).toBe('header,page1\npage2\n');
  async function* empty(): AsyncGenerator<string> {}
  let none = '';
  for await (const chunk of await primedStream(empty())) none += chunk;
  expect(none).toBe('');
});
