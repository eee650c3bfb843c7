// The server's words, in Chinese: the office's official language, used for
// what the server prints or exports itself (the 工作提示单, CSV/XLSX without
// ?lang=en, a reminder a sender delivers). The same sentences as the web's
// zh-CN catalogue (web/src/lib/console/i18n/zh-CN.ts); a unit test holds
// them equal, so a printed sheet says what the screen says.
import { wordText, type CodedText } from '@minping/shared/contracts/coded-text';
import type { TaskStatus } from '@minping/shared/contracts/tasks';
import type { Warning } from '@minping/shared/scoring';

export const ZH: Record<string, string> = {
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
