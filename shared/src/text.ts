// Text that PostgreSQL cannot store (NUL) or that is not text at all (an
// unpaired UTF-16 surrogate, which no UTF-8 encoder can write) is refused at
// the boundary, once, for every string a request carries: a 422, never a 500
// deep inside a statement that may have failed other people's work with it.
// Pure: the server applies it to every body, query and path parameter, the web
// can apply it to what a person typed.

// NUL or any surrogate: the few strings that need a closer look.
const SUSPECT = /[\u0000\ud800-\udfff]/;
// A surrogate pair, taken whole, or else a NUL or a surrogate on its own (group 1): a high one
// not followed by a low one, a low one not preceded by a high one. Written without a lookbehind,
// which Safari lacks before 16.4 (the voter's page runs this on iOS 15; web/scripts/old-engines.test.ts).
const PAIR_OR_BAD = /[\ud800-\udbff][\udc00-\udfff]|([\u0000\ud800-\udfff])/g;

export function isCleanText(s: string): boolean {
  if (!SUSPECT.test(s)) return true;
  PAIR_OR_BAD.lastIndex = 0;
  for (let m = PAIR_OR_BAD.exec(s); m; m = PAIR_OR_BAD.exec(s)) if (m[1] !== undefined) return false;
  return true;
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
