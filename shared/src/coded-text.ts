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

/**
 * The coded texts in Chinese, the office's official language: the console's
 * catalogue (web/src/lib/console/i18n/zh-CN.ts) and the server's printed and
 * exported words (server/src/lib/coded-text.zh.ts) both take them from here.
 */
export const CODED_TEXT_ZH = {
  'text.PROBLEM_SHARE': '{share}% 的有效问卷（{count} 份）勾选了“{problemLabel}”。',
  'text.INSPECTION_FINDING': '{visitedOn} {kind}发现：{finding}',
  'text.INSPECTION_FINDING.at': '{visitedOn} {kind}（{place}）发现：{finding}',
  'text.FROM_PROBLEMS': '依据问卷问题交办：勾选比例不低于 {threshold}%。',
  'text.FROM_INSPECTION': '依据明查暗访记录 #{inspection} 的发现交办。',
  'text.DEADLINE_PASSED': '{day} 已超过整改期限。',
  'text.REMINDED.overdue': '逾期催办',
  'text.REMINDED.due-soon': '到期提醒',
  'text.REMINDER_OVERDUE': '整改任务“{title}”已于 {deadline} 逾期，请尽快办理并反馈。',
  'text.REMINDER_DUE_SOON': '整改任务“{title}”将于 {deadline} 到期。',
} as const;
