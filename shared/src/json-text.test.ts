import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from './json-text.js';

const example = fs.readFileSync(path.resolve(import.meta.dirname, 'scoring/fixtures/campaign.example.json'), 'utf8');

describe('where a JSON text breaks', () => {
  it('finds nothing in valid JSON', () => {
    for (const text of [example, '1', ' "a" ', '[]', '{}', '[1, -2.5e3, true, false, null, "\\u00e9\\n"]', '{"a":{"b":[{}]}}']) expect(locateJsonError(text), text).toBeNull();
  });

  it.each([
    ['{"a":}', { line: 1, column: 6, found: '}' }],
    ['{"a": 1,}', { line: 1, column: 9, found: '}' }],
    ["{'a': 1}", { line: 1, column: 2, found: "'" }],
    ['{\n  "a": 1\n  "b": 2\n}', { line: 3, column: 3, found: '"' }],
    ['{“a”: 1}', { line: 1, column: 2, found: '“' }],
    ['[1，2]', { line: 1, column: 3, found: '，' }],
    ['[01]', { line: 1, column: 3, found: '1' }],
    ['["a\tb"]', { line: 1, column: 4, found: '\\u0009' }],
    ['["\\x"]', { line: 1, column: 4, found: 'x' }],
    ['[1] 2', { line: 1, column: 5, found: '2' }],
    ['[1, 😀]', { line: 1, column: 5, found: '😀' }],
    ['{"a": 1', { line: 1, column: 8 }],
    ['["abc', { line: 1, column: 6 }],
    ['', { line: 1, column: 1 }],
  ])('%j breaks at %j', (text, where) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonError(text)).toEqual(where);
  });

  it('agrees with V8 wherever V8 names the line and column', () => {
    // Every way of breaking the example by dropping one character that V8 locates.
    let compared = 0;
    for (let i = 0; i < example.length; i++) {
      const text = example.slice(0, i) + example.slice(i + 1);
      let message = '';
      try {
        JSON.parse(text);
        continue;
      } catch (e) {
        message = (e as Error).message;
      }
      const v8 = /\(line (\d+) column (\d+)\)/.exec(message);
      if (!v8) continue;
      const ours = locateJsonError(text);
      expect(ours && [ours.line, ours.column], `${message} after dropping offset ${i}`).toEqual([Number(v8[1]), Number(v8[2])]);
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('gives up on a text nested deeper than the stack, rather than throwing', () => {
    expect(() => locateJsonError('['.repeat(200_000))).not.toThrow();
  });
});
