// Where a JSON text breaks. JSON.parse says whether a text is JSON; what it
// says about where varies by engine (V8 gives "line 3 column 5" for some
// mistakes, only a quoted snippet for others, Safari nothing), and an office
// fixing a hand-edited file needs the line and column. So when JSON.parse
// fails, this small scanner walks the text by the JSON grammar and stops at
// the first character that cannot be there.

export interface JsonSyntaxError {
  /** 1-based line and column (in UTF-16 units, so a Chinese character counts once). */
  line: number;
  column: number;
  /** The character that cannot be there; absent when the text ends too early. */
  found?: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** The offset of the first syntax error, or -1 when the grammar finds none. */
function syntaxErrorOffset(s: string): number {
  let i = 0;
  const ws = () => {
    while (i < s.length && WS.has(s[i])) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const string = () => {
    i++; // the opening quote
    for (;;) {
      if (i >= s.length) fail();
      const c = s[i];
      if (c === '"') return void i++;
      if (c < ' ') fail(); // a raw line break or tab inside a string
      if (c !== '\\') {
        i++;
        continue;
      }
      const e = s[++i];
      if (e !== undefined && ESCAPES.has(e)) i++;
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) i += 5;
      else fail();
    }
  };
  const value = (): void => {
    ws();
    const c = s[i];
    if (c === '{') {
      i++;
      ws();
      if (s[i] === '}') return void i++;
      for (;;) {
        ws();
        if (s[i] !== '"') fail();
        string();
        ws();
        if (s[i] !== ':') fail();
        i++;
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (s[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = i;
    if (NUMBER.test(s)) return void (i = NUMBER.lastIndex);
    for (const word of ['true', 'false', 'null']) if (s.startsWith(word, i)) return void (i += word.length);
    fail();
  };
  try {
    value();
    ws();
    if (i < s.length) fail();
    return -1;
  } catch (at) {
    // A text nested deeper than the stack is not located; JSON.parse refused it anyway.
    return typeof at === 'number' ? at : -1;
  }
}

function describe(c: string): string {
  return c < ' ' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c;
}

/** Where the text stops being JSON, or null when the scanner cannot say. */
export function locateJsonError(text: string): JsonSyntaxError | null {
  const at = syntaxErrorOffset(text);
  if (at < 0) return null;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  // A whole code point, so an emoji is not shown as half a surrogate pair.
  const found = at < text.length ? String.fromCodePoint(text.codePointAt(at)!) : undefined;
  return found === undefined ? { line, column } : { line, column, found: describe(found) };
}
