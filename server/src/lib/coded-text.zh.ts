// The server's words, in Chinese: the office's official language, used for
// what the server prints or exports itself (the 工作提示单, CSV/XLSX without
// ?lang=en, a reminder a sender delivers). The coded texts' sentences come
// from shared/src/coded-text.ts, as the console's do; a unit test holds the
// other words equal to the console's, so a printed sheet says what the screen says.
import { wordText, type CodedText } from '@minping/shared/contracts/coded-text';
import { CODED_TEXT_ZH } from '@minping/shared/coded-text';
import type { TaskStatus } from '@minping/shared/contracts/tasks';
import type { Warning } from '@minping/shared/scoring';

export const ZH: Record<string, string> = {
  ...CODED_TEXT_ZH,
  'inspection.kind.open': '明查',
  'inspection.kind.undercover': '暗访',
  'inspection.kind.phone': '电话察访',
  'task.status.open': '待整改',
  'task.status.answered': '已反馈待核验',
  'task.status.returned': '退回重改',
  'task.status.closed': '已销号',
  'task.status.withdrawn': '已撤销',
  'warning.red': '红色预警',
  'warning.yellow': '黄色预警',
  'warning.green': '绿色',
  'mark.top': '前列',
  'mark.bottom': '末位',
  'escalation.step.public-criticism': '通报批评',
  'escalation.step.talk-with-head': '约谈主要负责人',
  'escalation.step.leadership-review': '组织调整',
};

const word = (key: string) => ZH[key] ?? key;

/** A coded text in Chinese. */
export const zhText = (t: CodedText) => wordText(t, word);

/** A task's description as the office reads it: its own text, or the server's words for it. */
export const zhDescription = (t: { description: string | null; descriptionCode: CodedText | null }) => t.description ?? (t.descriptionCode ? zhText(t.descriptionCode) : '');

export const zhStatus = (s: TaskStatus) => word(`task.status.${s}`);
export const zhWarning = (w: Warning) => word(`warning.${w}`);
