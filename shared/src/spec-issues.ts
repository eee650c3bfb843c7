// The problems a campaign file can have, as stable codes with parameters: the
// web and the command line say them in the reader's language from the code,
// never from the English message (which is kept for API clients that print it).
// Never rename a code; add one when a new rule needs words of its own.
// Type-only zod: the web reads a file's JSON with this module, and must not download zod for it.
import type { z } from 'zod';
import { locateJsonError } from './json-text.js';

/** Each code and the parameters its sentence uses. */
export interface SpecIssueParamMap {
  /** The text is not JSON: where it breaks, and the character that cannot be there. */
  JSON_INVALID: { line: number; column: number; found: string };
  /** The text ends before its brackets are closed. */
  JSON_INCOMPLETE: { line: number; column: number };
  /** A required field is missing. */
  REQUIRED: Record<string, never>;
  /** A value of the wrong type; `expected` lists the alternatives (type names, or a quoted literal like "all"). */
  WRONG_TYPE: { expected: string[]; received: string };
  NOT_INTEGER: Record<string, never>;
  /** A field the format does not have (often a typo). */
  UNKNOWN_FIELD: { field: string };
  /** Not one of the allowed values (each given as JSON: 1, "device"). */
  VALUE_NOT_ALLOWED: { options: string[] };
  /** A key (编码) not of the form ^[a-z0-9][a-z0-9-]{0,63}$. */
  KEY_INVALID: { value: string };
  /** Not a real calendar date written YYYY-MM-DD. */
  DATE_INVALID: { value: string };
  TEXT_EMPTY: Record<string, never>;
  TEXT_TOO_SHORT: { minimum: number };
  TEXT_TOO_LONG: { maximum: number };
  /** At least `minimum` (≥). */
  NUMBER_TOO_SMALL: { minimum: number };
  /** Above `minimum` (>). */
  NUMBER_NOT_ABOVE: { minimum: number };
  /** At most `maximum` (≤). */
  NUMBER_TOO_BIG: { maximum: number };
  /** Below `maximum` (<). */
  NUMBER_NOT_BELOW: { maximum: number };
  LIST_TOO_SHORT: { minimum: number };
  LIST_TOO_LONG: { maximum: number };
  /** The same key twice in one list (or a group twice in a questionnaire's groupWeights); `first` is the path of the first. */
  DUPLICATE_KEY: { key: string; first: string };
  /** A reference to a key the named list (categories, scales, units, questionnaires, groups) does not have. */
  UNKNOWN_REFERENCE: { key: string; list: 'categories' | 'scales' | 'units' | 'questionnaires' | 'groups' };
  /** A questionnaire names a unit twice. */
  UNIT_LISTED_TWICE: { key: string };
  PHASE_ENDS_BEFORE_START: { start: string; end: string };
  /** A scale has fewer than two options with points. */
  SCALE_TOO_FEW_SCORED: { scored: number };
  /** A scale has more than one "don't know" option (points: null). */
  SCALE_MANY_UNKNOWN: { unknown: number };
  /** A questionnaire asks for problems, and the file lists none. */
  PROBLEMS_NONE: Record<string, never>;
  /** Component weights do not add up to 100. */
  WEIGHTS_NOT_100: { total: number };
  /** The red threshold is above the yellow one. */
  WARNINGS_ORDER: { red: number; yellow: number };
  /** Anything else the schema refuses (its English message says what). */
  INVALID: Record<string, never>;
  /** Ballots have been cast in the campaign the file edits: only names and texts (name, label, title, intro, theme) may change, and this value did. */
  FIELD_LOCKED: { ballots: number };
  /** A new campaign's key is already the key of another campaign (applying would overwrite it). */
  KEY_TAKEN: { key: string };
  /** A file that edits an existing campaign must keep that campaign's key. */
  KEY_FIXED: { key: string };
}

export type SpecIssueCode = keyof SpecIssueParamMap;

export const SPEC_ISSUE_CODES = [
  'JSON_INVALID',
  'JSON_INCOMPLETE',
  'REQUIRED',
  'WRONG_TYPE',
  'NOT_INTEGER',
  'UNKNOWN_FIELD',
  'VALUE_NOT_ALLOWED',
  'KEY_INVALID',
  'DATE_INVALID',
  'TEXT_EMPTY',
  'TEXT_TOO_SHORT',
  'TEXT_TOO_LONG',
  'NUMBER_TOO_SMALL',
  'NUMBER_NOT_ABOVE',
  'NUMBER_TOO_BIG',
  'NUMBER_NOT_BELOW',
  'LIST_TOO_SHORT',
  'LIST_TOO_LONG',
  'DUPLICATE_KEY',
  'UNKNOWN_REFERENCE',
  'UNIT_LISTED_TWICE',
  'PHASE_ENDS_BEFORE_START',
  'SCALE_TOO_FEW_SCORED',
  'SCALE_MANY_UNKNOWN',
  'PROBLEMS_NONE',
  'WEIGHTS_NOT_100',
  'WARNINGS_ORDER',
  'INVALID',
  'FIELD_LOCKED',
  'KEY_TAKEN',
  'KEY_FIXED',
] as const satisfies readonly SpecIssueCode[];

// The list and the map name the same codes, both ways.
type Missing = Exclude<SpecIssueCode, (typeof SPEC_ISSUE_CODES)[number]>;
const _everyCodeListed: Missing extends never ? true : Missing = true;
void _everyCodeListed;

export type SpecIssue = {
  [C in SpecIssueCode]: {
    /** JSON path of the offending value, e.g. "units[3].category"; "(root)" for the whole file. */
    path: string;
    code: C;
    params: SpecIssueParamMap[C];
    /** The same in English, for clients that print it as it is. */
    message: string;
  };
}[SpecIssueCode];

const q = (s: string) => JSON.stringify(s);
const MESSAGES: { [C in SpecIssueCode]: (p: SpecIssueParamMap[C]) => string } = {
  JSON_INVALID: (p) => `not valid JSON: unexpected character ${p.found} at line ${p.line}, column ${p.column}`,
  JSON_INCOMPLETE: (p) => `not valid JSON: the text ends at line ${p.line}, column ${p.column} before every bracket and quote is closed`,
  REQUIRED: () => 'required field is missing',
  WRONG_TYPE: (p) => `expected ${p.expected.join(' or ')}, received ${p.received}`,
  NOT_INTEGER: () => 'must be a whole number',
  UNKNOWN_FIELD: (p) => `unknown field ${q(p.field)}`,
  VALUE_NOT_ALLOWED: (p) => `must be ${p.options.length === 1 ? p.options[0] : `one of ${p.options.join(', ')}`}`,
  KEY_INVALID: (p) => `${q(p.value)} is not a key: lower-case letters, digits and "-", starting with a letter or digit, at most 64 (^[a-z0-9][a-z0-9-]{0,63}$)`,
  DATE_INVALID: (p) => `${q(p.value)} is not a date YYYY-MM-DD`,
  TEXT_EMPTY: () => 'must not be empty',
  TEXT_TOO_SHORT: (p) => `must have at least ${p.minimum} characters`,
  TEXT_TOO_LONG: (p) => `must have at most ${p.maximum} characters`,
  NUMBER_TOO_SMALL: (p) => `must be at least ${p.minimum}`,
  NUMBER_NOT_ABOVE: (p) => `must be more than ${p.minimum}`,
  NUMBER_TOO_BIG: (p) => `must be at most ${p.maximum}`,
  NUMBER_NOT_BELOW: (p) => `must be less than ${p.maximum}`,
  LIST_TOO_SHORT: (p) => `must have at least ${p.minimum} item(s)`,
  LIST_TOO_LONG: (p) => `must have at most ${p.maximum} items`,
  DUPLICATE_KEY: (p) => `duplicate key ${q(p.key)} (first at ${p.first})`,
  UNKNOWN_REFERENCE: (p) => `unknown ${{ categories: 'category', scales: 'scale', units: 'unit', questionnaires: 'questionnaire', groups: 'respondent group' }[p.list]} ${q(p.key)}`,
  UNIT_LISTED_TWICE: (p) => `unit ${q(p.key)} listed twice`,
  PHASE_ENDS_BEFORE_START: (p) => `phase ends (${p.end}) before it starts (${p.start})`,
  SCALE_TOO_FEW_SCORED: () => 'a scale needs at least two options with points',
  SCALE_MANY_UNKNOWN: () => 'at most one option may have points: null (不了解)',
  PROBLEMS_NONE: () => 'the questionnaire asks for problems but the spec lists none',
  WEIGHTS_NOT_100: (p) => `component weights add up to ${p.total}, not 100`,
  WARNINGS_ORDER: (p) => `red threshold (${p.red}) is above yellow (${p.yellow})`,
  INVALID: () => 'invalid value',
  FIELD_LOCKED: (p) => `${p.ballots} ballot(s) have been cast: only names and texts may change, not this`,
  KEY_TAKEN: (p) => `a campaign with the key ${q(p.key)} exists already`,
  KEY_FIXED: (p) => `this file edits the campaign ${q(p.key)} and must keep its key`,
};

/** An issue with its English message. */
export function specIssue<C extends SpecIssueCode>(path: string, code: C, params: SpecIssueParamMap[C], message?: string): SpecIssue {
  return { path, code, params, message: message ?? MESSAGES[code](params) } as SpecIssue;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/** The JSON type of a value, as the issues name it. */
export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'array' : typeof v;
}

const OWN = (o: unknown, k: PropertyKey) => typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, k);

/** The value at a path, and whether it is there at all. */
function at(input: unknown, path: ReadonlyArray<PropertyKey>): { present: boolean; value: unknown } {
  let v = input;
  for (const p of path) {
    if (!OWN(v, p)) return { present: false, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return { present: true, value: v };
}

const JSON_TYPES: Record<string, string> = { int: 'integer', nan: 'number' };
const shown = (v: unknown) => (typeof v === 'string' ? v.slice(0, 80) : JSON.stringify(v) ?? String(v));

/**
 * A zod issue as spec issues. `patterns` maps a regex's source to the code a
 * mismatch means (a key, a date); a refine names its code in `params.code`.
 */
export function fromZodIssue(i: z.core.$ZodIssue, input: unknown, patterns: ReadonlyMap<string, 'KEY_INVALID' | 'DATE_INVALID'>): SpecIssue[] {
  const path = formatPath(i.path);
  const value = () => at(input, i.path).value;
  switch (i.code) {
    case 'unrecognized_keys':
      // An unknown field is named by its own path, not by the object holding it.
      return i.keys.map((k) => specIssue(formatPath([...i.path, k]), 'UNKNOWN_FIELD', { field: k }));
    case 'invalid_type': {
      const found = at(input, i.path);
      if (!found.present) return [specIssue(path, 'REQUIRED', {})];
      if (i.expected === 'int' && typeof found.value === 'number') return [specIssue(path, 'NOT_INTEGER', {})];
      return [specIssue(path, 'WRONG_TYPE', { expected: [JSON_TYPES[i.expected] ?? i.expected], received: jsonType(found.value) })];
    }
    case 'invalid_value':
      return [specIssue(path, 'VALUE_NOT_ALLOWED', { options: i.values.map((v) => JSON.stringify(v) ?? String(v)) })];
    case 'invalid_union': {
      if ('discriminator' in i && i.discriminator) {
        const options = ((i as { options?: unknown[] }).options ?? []).map((v) => JSON.stringify(v));
        return [specIssue(path, 'VALUE_NOT_ALLOWED', { options })];
      }
      // Each branch failed at the value itself ("all", or a list): say what would do.
      const expected = i.errors.flatMap((branch) =>
        branch.flatMap((e) => (e.code === 'invalid_value' ? e.values.map((v) => JSON.stringify(v)) : e.code === 'invalid_type' ? [JSON_TYPES[e.expected] ?? e.expected] : [])),
      );
      return [expected.length ? specIssue(path, 'WRONG_TYPE', { expected, received: jsonType(value()) }) : specIssue(path, 'INVALID', {}, i.message)];
    }
    case 'too_small': {
      const minimum = Number(i.minimum);
      if (i.origin === 'string') return [minimum <= 1 ? specIssue(path, 'TEXT_EMPTY', {}) : specIssue(path, 'TEXT_TOO_SHORT', { minimum })];
      if (i.origin === 'array') return [specIssue(path, 'LIST_TOO_SHORT', { minimum })];
      if (i.origin === 'number') return [specIssue(path, i.inclusive === false ? 'NUMBER_NOT_ABOVE' : 'NUMBER_TOO_SMALL', { minimum })];
      break;
    }
    case 'too_big': {
      const maximum = Number(i.maximum);
      if (i.origin === 'string') return [specIssue(path, 'TEXT_TOO_LONG', { maximum })];
      if (i.origin === 'array') return [specIssue(path, 'LIST_TOO_LONG', { maximum })];
      if (i.origin === 'number') return [specIssue(path, i.inclusive === false ? 'NUMBER_NOT_BELOW' : 'NUMBER_TOO_BIG', { maximum })];
      break;
    }
    case 'invalid_format': {
      const code = i.format === 'regex' && 'pattern' in i ? patterns.get(String(i.pattern)) : undefined;
      if (code) return [specIssue(path, code, { value: shown(value()) })];
      break;
    }
    case 'custom': {
      const code = (i.params as { code?: string } | undefined)?.code;
      if (code === 'DATE_INVALID' || code === 'KEY_INVALID') return [specIssue(path, code, { value: shown(value()) })];
      break;
    }
  }
  return [specIssue(path, 'INVALID', {}, i.message)];
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; issue: SpecIssue };

/**
 * A file's text as JSON (a leading byte-order mark is allowed, as editors on
 * Windows write one), or the one issue that says where it breaks.
 */
export function readJsonText(text: string): JsonTextResult {
  const body = text.replace(/^\ufeff/, '');
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (err) {
    const where = locateJsonError(body);
    if (!where) return { ok: false, issue: specIssue('(root)', 'INVALID', {}, `not valid JSON: ${(err as Error).message}`) };
    return {
      ok: false,
      issue: where.found === undefined ? specIssue('(root)', 'JSON_INCOMPLETE', { line: where.line, column: where.column }) : specIssue('(root)', 'JSON_INVALID', { line: where.line, column: where.column, found: where.found }),
    };
  }
}
