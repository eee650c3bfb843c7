import { expect, it } from 'vitest';
import { csvCell, csvRow } from './csv.js';

it('quotes only what needs quoting, and doubles quotes inside', () => {
  expect(csvCell('市发改委')).toBe('市发改委');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('他说"好"')).toBe('"他说""好"""');
  expect(csvCell('two\nlines')).toBe('"two\nlines"');
  expect(csvCell(null)).toBe('');
  expect(csvRow([1, '84.21', undefined, 'x'])).toBe('1,84.21,,x\n');
});
