// Wording a coded text (see contracts/coded-text.ts for the codes): which
// catalogue key says it, and the sentence with its parameters filled in. No
// zod here: the web bundles this file, and only types come from the contract.
import type { CodedText, TextCode } from './contracts/coded-text.js';

export const INSPECTION_KINDS = ['open', 'undercover', 'phone'] as const;
export const REMINDER_KINDS = ['overdue', 'due-soon'] as const;

/**
 * The catalogue key a text is worded by ("text.PROBLEM_SHARE"); a code whose
 * sentence changes with a parameter has one key per case.
 */
export function textKey(t: CodedText): string {
  switch (t.code) {
    case 'INSPECTION_FINDING':
      return t.params.place ? 'text.INSPECTION_FINDING.at' : 'text.INSPECTION_FINDING';
    case 'REMINDED':
      return `text.REMINDED.${t.params.kind}`;
    default:
      return `text.${t.code}`;
  }
}

/** Every key a code may be worded by, and the catalogue keys of the words its parameters name. */
export const TEXT_KEYS: Record<TextCode, string[]> = {
  PROBLEM_SHARE: ['text.PROBLEM_SHARE'],
  INSPECTION_FINDING: ['text.INSPECTION_FINDING', 'text.INSPECTION_FINDING.at', ...INSPECTION_KINDS.map((k) => `inspection.kind.${k}`)],
  FROM_PROBLEMS: ['text.FROM_PROBLEMS'],
  FROM_INSPECTION: ['text.FROM_INSPECTION'],
  DEADLINE_PASSED: ['text.DEADLINE_PASSED'],
  REMINDED: REMINDER_KINDS.map((k) => `text.REMINDED.${k}`),
  REMINDER_OVERDUE: ['text.REMINDER_OVERDUE'],
  REMINDER_DUE_SOON: ['text.REMINDER_DUE_SOON'],
};

/**
 * A text in words: `words` looks a key up in the reader's catalogue (the web's
 * t(), the server's Chinese table). Parameters that name a kind are worded
 * too; the rest (labels, findings, figures) are shown as written. A single
 * pass, so braces in a person's words are never read as placeholders.
 */
export function wordText(t: CodedText, words: (key: string) => string): string {
  const params: Record<string, string | number | null> = { ...t.params };
  if (t.code === 'INSPECTION_FINDING') params.kind = words(`inspection.kind.${t.params.kind}`);
  return words(textKey(t)).replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined && params[name] !== null ? String(params[name]) : whole));
}
