// Text that PostgreSQL cannot store (NUL) or that is not text at all (an
// unpaired UTF-16 surrogate, which no UTF-8 encoder can write) is refused at
// the boundary, once, for every string a request carries: a 422, never a 500
// deep inside a statement that may have failed other people's work with it.
// Pure: the server applies it to every body, query and path parameter, the web
// can apply it to what a person typed.

// NUL, a high surrogate not followed by a low one, or a low one at the start or
// after anything but a high one. No lookbehind: Safari lacks it before 16.4, and
// the voter's page runs this on iOS 15 (web/scripts/old-engines.test.ts).
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/;

export function isCleanText(s: string): boolean {
  return !BAD_TEXT.test(s);
}

export interface BadText {
  /** Where the string sits: `body.comment`, `query.action`, `body.units[3].name`, `body.<key>` for an object key. */
  path: string;
  message: string;
}

const MESSAGE = 'holds a NUL character or an unpaired UTF-16 surrogate';

/**
 * The first string (value or object key) anywhere in `value` that is not clean
 * text, or null. Iterative, so a body nested ten thousand levels deep is walked
 * without exhausting the stack.
 */
export function findBadText(value: unknown, root = 'body'): BadText | null {
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isCleanText(v)) return { path, message: MESSAGE };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      for (const k of Object.keys(v)) {
        if (!isCleanText(k)) return { path: `${path}.<key>`, message: MESSAGE };
        stack.push([(v as Record<string, unknown>)[k], `${path}.${k}`]);
      }
    }
  }
  return null;
}

/**
 * At most `max` UTF-16 units of `s`, from its start (or with `from: 'end'`,
 * its end), never cutting a character in two: `slice` alone can keep one half
 * of a surrogate pair (an emoji, a rare 汉字 outside the BMP), which is not
 * text, and which PostgreSQL refuses in jsonb — after the request passed
 * every check at the door.
 */
export function clip(s: string, max: number, from: 'start' | 'end' = 'start'): string {
  if (s.length <= max) return s;
  if (from === 'end') {
    const cut = s.slice(s.length - max);
    return /^[\udc00-\udfff]/.test(cut) ? cut.slice(1) : cut;
  }
  const cut = s.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
