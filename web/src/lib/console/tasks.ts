// Rectification tasks in words and the steps each side may take next. Pure, so
// it is tested without a browser; the server decides in the end (a stale page
// gets INVALID_TASK_TRANSITION), these only keep impossible buttons away.
import type { EscalationStep, InspectionKind, Task, TaskStatus } from './types';
import type { Warning } from '@minping/shared/scoring';

export const TASK_STATUSES: readonly TaskStatus[] = ['open', 'returned', 'answered', 'closed', 'withdrawn'];

export const STATUS_KEYS: Record<TaskStatus, string> = {
  open: 'task.status.open',
  answered: 'task.status.answered',
  returned: 'task.status.returned',
  closed: 'task.status.closed',
  withdrawn: 'task.status.withdrawn',
};

export const SOURCE_KEYS: Record<Task['source'], string> = {
  problem: 'task.source.problem',
  comment: 'task.source.comment',
  inspection: 'task.source.inspection',
  manual: 'task.source.manual',
};

// Task events the server writes today; a new one shows its code.
export const EVENT_KEYS: Record<string, string> = {
  created: 'task.event.created',
  answered: 'task.event.answered',
  returned: 'task.event.returned',
  closed: 'task.event.closed',
  'follow-up': 'task.event.follow-up',
  appealed: 'task.event.appealed',
  'appeal-upheld': 'task.event.appeal-upheld',
  'appeal-dismissed': 'task.event.appeal-dismissed',
  overdue: 'task.event.overdue',
  reminded: 'task.event.reminded',
};

export const APPEAL_KEYS: Record<string, string> = {
  pending: 'task.appeal.pending',
  upheld: 'task.appeal.upheld',
  dismissed: 'task.appeal.dismissed',
};

export const KIND_KEYS: Record<InspectionKind, string> = {
  open: 'inspection.kind.open',
  undercover: 'inspection.kind.undercover',
  phone: 'inspection.kind.phone',
};

// The warning of a body's published result, as its liaison reads it.
export const WARNING_KEYS: Record<Warning, string> = { red: 'warning.red', yellow: 'warning.yellow', green: 'warning.green' };

export const STEP_KEYS: Record<EscalationStep, string> = {
  'public-criticism': 'escalation.step.public-criticism',
  'talk-with-head': 'escalation.step.talk-with-head',
  'leadership-review': 'escalation.step.leadership-review',
};

const answerable = (t: Pick<Task, 'status'>) => t.status === 'open' || t.status === 'returned' || t.status === 'answered';
const appealPending = (t: Pick<Task, 'appeal'>) => t.appeal?.status === 'pending';

/** What the unit's liaison may do: answer (again, while not yet closed) or appeal once at a time. */
export function liaisonActions(t: Pick<Task, 'status' | 'appeal'>): { answer: boolean; appeal: boolean } {
  return { answer: answerable(t), appeal: answerable(t) && !appealPending(t) };
}

/** What the office may do: decide a pending appeal first, then close or return an answer. */
export function officeActions(t: Pick<Task, 'status' | 'appeal' | 'needsFollowup'>): { verify: boolean; decideAppeal: boolean; followup: boolean } {
  const verify = t.status === 'answered' && !appealPending(t);
  return { verify, decideAppeal: appealPending(t), followup: verify && t.needsFollowup };
}

/** The liaison's to-do order: sent back first, then overdue, then by deadline; finished ones last. */
export function byUrgency<T extends Pick<Task, 'status' | 'overdue' | 'deadline' | 'id'>>(tasks: readonly T[]): T[] {
  const rank = (t: T) => (t.status === 'returned' ? 0 : t.status === 'open' ? (t.overdue ? 1 : 2) : t.status === 'answered' ? 3 : 4);
  return [...tasks].sort((a, b) => rank(a) - rank(b) || a.deadline.localeCompare(b.deadline) || a.id - b.id);
}

/** Whole calendar days from today to the deadline (negative once past). */
export function daysLeft(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export interface TaskFilters {
  unit: string;
  status: '' | TaskStatus;
  overdue: '' | 'true' | 'false';
}

/** Filters from the address (?unit=&status=&overdue=), unknown values dropped. */
export function parseTaskFilters(search: string): TaskFilters {
  const q = new URLSearchParams(search);
  const status = q.get('status') ?? '';
  const overdue = q.get('overdue') ?? '';
  return {
    unit: q.get('unit') ?? '',
    status: (TASK_STATUSES as readonly string[]).includes(status) ? (status as TaskStatus) : '',
    overdue: overdue === 'true' || overdue === 'false' ? overdue : '',
  };
}

/** "?unit=…&status=…" for the filters that are set ('' when none). */
export function filterSearch(f: TaskFilters): string {
  const q = new URLSearchParams();
  if (f.unit) q.set('unit', f.unit);
  if (f.status) q.set('status', f.status);
  if (f.overdue) q.set('overdue', f.overdue);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** GET /tasks query for a campaign and the filters (filters not set are left out). */
export function taskListQuery(campaign: string, f: TaskFilters, limit = 500) {
  return { campaign, unit: f.unit || undefined, status: f.status || undefined, overdue: f.overdue || undefined, limit };
}

/** A threshold typed as a percentage ("20", "12.5") → a share 0.01–1, or null when it is not one. */
export function thresholdShare(percent: string): number | null {
  const n = Number(percent.trim());
  if (!percent.trim() || !Number.isFinite(n) || n < 1 || n > 100) return null;
  return Math.round(n * 100) / 10_000;
}

export type Satisfied = 'yes' | 'no' | 'unknown';

/** The follow-up call as the verify body wants it: satisfied unknown is null. */
export function followupBody(f: { reached: boolean; satisfied: Satisfied; note: string }): { reached: boolean; satisfied: boolean | null; note?: string } {
  const note = f.note.trim();
  return { reached: f.reached, satisfied: f.reached && f.satisfied !== 'unknown' ? f.satisfied === 'yes' : null, ...(note ? { note } : {}) };
}

/** A title from a comment: its first sentence, at most `max` characters. */
export function titleFromComment(comment: string, max = 40): string {
  const first = comment.trim().split(/(?<=[。！？!?；;])|\n/)[0]?.trim() ?? '';
  const text = first.replace(/[。！？!?；;]$/, '') || comment.trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
