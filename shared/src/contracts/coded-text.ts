// Texts the server writes into records (a task's description, a step's note,
// a reminder) are stored as a code with parameters, never as a sentence: each
// reader sees them in its own language (the console and the liaison's pages in
// zh-CN or en, the printed 工作提示单 and exports in the office's Chinese).
// Words typed by people (a finding, a problem's label from the campaign file)
// travel as parameters and are shown as written.
//
// Renderers: web/src/lib/console/coded-text.ts (zh-CN, en) and
// server/src/lib/coded-text.zh.ts (Chinese), both through wordText
// (../coded-text.ts, free of zod so the web can bundle it); a unit test holds
// both to every code.
import { z } from 'zod';
import { Fraction, roundHalfUp } from '../scoring/fraction.js';
import { INSPECTION_KINDS, REMINDER_KINDS } from '../coded-text.js';

export { INSPECTION_KINDS, REMINDER_KINDS, TEXT_KEYS, textKey, wordText } from '../coded-text.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** A percentage as shown: a plain decimal string ("3.03", "20"), computed exactly. */
const percent = z.string().regex(/^\d+(\.\d+)?$/);


const coded = <C extends string, P extends z.ZodRawShape>(code: C, params: P) => z.object({ code: z.literal(code), params: z.object(params) });

export const codedTextSchema = z.discriminatedUnion('code', [
  /** A task opened from a ticked problem: `share`% of the unit's valid ballots (`count` of them) ticked it. */
  coded('PROBLEM_SHARE', { problem: z.string(), problemLabel: z.string(), share: percent, count: z.number().int() }),
  /** A task opened from an inspection's finding: when, how, where, and the inspector's own words. */
  coded('INSPECTION_FINDING', { inspection: z.number().int(), visitedOn: day, kind: z.enum(INSPECTION_KINDS), place: z.string().nullable(), finding: z.string() }),
  /** The "created" step of tasks opened from problems: the threshold used, as a percentage. */
  coded('FROM_PROBLEMS', { threshold: percent }),
  /** The "created" step of a task opened from an inspection's finding. */
  coded('FROM_INSPECTION', { inspection: z.number().int() }),
  /** The "overdue" step: the day the daily run found the deadline passed. */
  coded('DEADLINE_PASSED', { day }),
  /** The "reminded" step: which reminder was recorded. */
  coded('REMINDED', { kind: z.enum(REMINDER_KINDS) }),
  /** A reminder in the outbox, for the unit. */
  coded('REMINDER_OVERDUE', { title: z.string(), deadline: day }),
  coded('REMINDER_DUE_SOON', { title: z.string(), deadline: day }),
]);

export type CodedText = z.infer<typeof codedTextSchema>;
export type TextCode = CodedText['code'];
export type TextOf<C extends TextCode> = Extract<CodedText, { code: C }>;

/** Every code, in the order above: what the renderers' test walks through. */
export const TEXT_CODES = codedTextSchema.options.map((o) => o.shape.code.value) as TextCode[];

/**
 * A share (0–1, as the API takes it) as a percentage string, exactly: 0.03 →
 * "3", 0.125 → "12.5", 1/3 of a percent point rounded half up at `decimals`
 * and trailing zeros dropped (a threshold is a setting, not a measured share).
 */
export function sharePercent(share: number, decimals = 2): string {
  const s = roundHalfUp(Fraction.fromNumber(share).mul(Fraction.of(100)), decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
