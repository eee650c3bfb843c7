import { describe, expect, it } from 'vitest';
import { replaceAll } from './old-engines';

describe('the replaceAll fallback for Chromium before 85', () => {
  it('answers as the engine does for a string and for a global RegExp', () => {
    const cases: [string, string | RegExp, string][] = [
      ['<div><!><span></span><!></div>', '<!>', '<!---->'],
      ['<!>', '<!>', '<!---->'],
      ['none here', '<!>', 'x'],
      ['color: red; /* a */ margin: 0 /* b */', /\/\*.*?\*\//g, ''],
      ['aaa', 'a', 'bb'],
    ];
    for (const [text, pattern, replacement] of cases) {
      expect(replaceAll.call(text, pattern, replacement)).toBe(text.replaceAll(pattern, replacement));
    }
  });
});
