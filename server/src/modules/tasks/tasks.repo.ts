import { and, eq, sql } from 'drizzle-orm';
import type { CodedText } from '@minping/shared/contracts/coded-text';
import type { TaskView } from '@minping/shared/contracts/tasks';
import type { Queryable } from '../../infra/db.js';
import { appeals, followups, taskEvents, tasks } from '../../db/schema.js';

/** A task as every screen reads it: the row, its campaign's key, its unit's name and its latest appeal. */
export type TaskRow = Pick<
  typeof tasks.$inferSelect,
  'id' | 'campaignId' | 'unitKey' | 'source' | 'sourceRef' | 'title' | 'description' | 'descriptionCode' | 'deadline' | 'status' | 'isPublic' | 'followupContactId' | 'overdueAt' | 'createdAt' | 'closedAt'
> & {
  campaignKey: string;
  unitName: string | null;
  /** The day it was closed, in Shanghai: compared with the deadline for "closed late". */
  closedOn: string | null;
  appealId: number | null;
  appealStatus: string | null;
  appealReason: string | null;
  appealNote: string | null;
};

// Raw SQL: the latest appeal is a lateral join and the closing day is a
// time-zone conversion, which the builder would only spell as SQL fragments.
const TASK_SELECT = `
  select t.id, t.campaign_id as "campaignId", c.key as "campaignKey", t.unit_key as "unitKey", u.name as "unitName", t.source, t.source_ref as "sourceRef",
         t.title, t.description, t.description_code as "descriptionCode", t.deadline::text as deadline, t.status, t.is_public as "isPublic", t.followup_contact_id as "followupContactId",
         t.overdue_at as "overdueAt", t.created_at as "createdAt", t.closed_at as "closedAt",
         to_char(t.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as "closedOn",
         a.id as "appealId", a.status as "appealStatus", a.reason as "appealReason", a.decision_note as "appealNote"
    from tasks t join campaigns c on c.id = t.campaign_id left join units u on u.key = t.unit_key
    left join lateral (select * from appeals where task_id = t.id order by id desc limit 1) a on true`;

export function taskView(r: TaskRow, today: string): TaskView {
  const open = r.status === 'open' || r.status === 'returned';
  return {
    id: r.id,
    campaign: r.campaignKey,
    unit: r.unitKey,
    unitName: r.unitName ?? r.unitKey,
    source: r.source as TaskView['source'],
    sourceRef: r.sourceRef,
    title: r.title,
    description: r.description,
    descriptionCode: r.descriptionCode,
    deadline: r.deadline,
    status: r.status as TaskView['status'],
    overdue: open && r.deadline < today,
    isPublic: r.isPublic,
    needsFollowup: r.followupContactId !== null,
    createdAt: new Date(r.createdAt).toISOString(),
    closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
    closedLate: r.status === 'closed' && r.closedOn ? r.closedOn > r.deadline : null,
    appeal: r.appealId ? { id: r.appealId, status: r.appealStatus!, reason: r.appealReason!, decisionNote: r.appealNote } : null,
  };
}

export interface TaskFilter {
  campaignId: number | null;
  unit: string | null;
  status: string | null;
  /** The units the caller may see; null = all. */
  units: string[] | null;
  limit: number;
}

export const tasksRepo = {
  /**
   * One task; with `lock`, locked until COMMIT first and read after, so the
   * read sees what a change before the lock committed. Locked and read in one
   * statement, the latest appeal would come from before the wait: an appeal
   * filed meanwhile (it does not write the task's row) would go unseen.
   */
  one: async (on: Queryable, id: number, lock = false): Promise<TaskRow | undefined> => {
    if (lock && !(await on.query(`select 1 from tasks where id = $1 and removed_at is null for update`, [id])).length) return undefined;
    return (await on.query<TaskRow>(`${TASK_SELECT} where t.id = $1 and t.removed_at is null`, [id]))[0];
  },
  list: (on: Queryable, f: TaskFilter) =>
    on.query<TaskRow>(
      `${TASK_SELECT} where t.removed_at is null and ($1::int is null or t.campaign_id = $1) and ($2::text is null or t.unit_key = $2)
         and ($3::text is null or t.status = $3) and ($4::text[] is null or t.unit_key = any($4::text[])) order by t.deadline, t.id limit $5`,
      [f.campaignId, f.unit, f.status, f.units, f.limit],
    ),
  /** A campaign's tasks (or one unit's), oldest first: what the accountability figures count. */
  ofCampaign: (on: Queryable, campaignId: number, unit?: string) =>
    on.query<TaskRow>(`${TASK_SELECT} where t.campaign_id = $1 and t.removed_at is null and ($2::text is null or t.unit_key = $2) order by t.id`, [campaignId, unit ?? null]),
  /** A unit's tasks still to be done, by deadline: the reminder sheet. */
  pendingOfUnit: (on: Queryable, campaignId: number, unitKey: string) =>
    on.query<TaskRow>(
      `${TASK_SELECT} where t.campaign_id = $1 and t.unit_key = $2 and t.removed_at is null and t.status in ('open', 'answered', 'returned') order by t.deadline, t.id`,
      [campaignId, unitKey],
    ),
  /** Nothing (undefined) when the same source already has a live task for the unit. */
  /** A task with the description a person wrote, or (descriptionCode) one the server wrote. */
  insert: async (on: Queryable, t: { campaignId: number; unit: string; source: string; sourceRef: string | null; title: string; description: string | null; descriptionCode?: CodedText; deadline: string; isPublic: boolean; followupContactId: number | null; createdBy: number | null }) =>
    (
      await on.db
        .insert(tasks)
        .values({
          campaignId: t.campaignId,
          unitKey: t.unit,
          source: t.source,
          sourceRef: t.sourceRef,
          title: t.title,
          description: t.description,
          descriptionCode: t.descriptionCode ?? null,
          deadline: t.deadline,
          isPublic: t.isPublic,
          followupContactId: t.followupContactId,
          createdBy: t.createdBy,
        })
        .onConflictDoNothing({ target: [tasks.campaignId, tasks.unitKey, tasks.source, tasks.sourceRef], where: sql`source_ref is not null and removed_at is null` })
        .returning({ id: tasks.id })
    )[0],
  /** A step; `note` is a person's words, a CodedText the server's. */
  event: (on: Queryable, taskId: number, userId: number | null, action: string, note?: string | CodedText | null, attachmentIds: number[] = []) =>
    on.db.insert(taskEvents).values({ taskId, userId, action, note: typeof note === 'string' ? note : null, noteCode: note && typeof note === 'object' ? note : null, attachmentIds }),
  setStatus: (on: Queryable, id: number, status: string) =>
    on.db
      .update(tasks)
      .set({ status, closedAt: status === 'closed' || status === 'withdrawn' ? sql`now()` : null })
      .where(eq(tasks.id, id)),
  setPublic: (on: Queryable, id: number, isPublic: boolean) => on.db.update(tasks).set({ isPublic }).where(eq(tasks.id, id)),
  /** Raw SQL: each event's live attachments, aggregated in the one query. */
  events: (on: Queryable, id: number) =>
    on.query<{ at: Date; username: string | null; action: string; note: string | null; noteCode: CodedText | null; attachments: { id: number; filename: string; size: number }[] }>(
      `select e.at, u.username, e.action, e.note, e.note_code as "noteCode",
              coalesce((select json_agg(json_build_object('id', a.id, 'filename', a.filename, 'size', a.size) order by a.id)
                          from attachments a where a.id = any(e.attachment_ids) and a.removed_at is null), '[]') as attachments
         from task_events e left join users u on u.id = e.user_id where e.task_id = $1 order by e.id`,
      [id],
    ),
  followups: (on: Queryable, id: number) =>
    on.db
      .select({ reached: followups.reached, satisfied: followups.satisfied, note: followups.note, recordedAt: followups.recordedAt })
      .from(followups)
      .where(eq(followups.taskId, id))
      .orderBy(followups.id),
  insertFollowup: (on: Queryable, row: typeof followups.$inferInsert) => on.db.insert(followups).values(row),
  insertAppeal: (on: Queryable, row: typeof appeals.$inferInsert) => on.db.insert(appeals).values(row),
  /** Decides the appeal if it is still pending; whether it was. */
  decideAppeal: async (on: Queryable, appealId: number, d: { status: string; decidedBy: number; decisionNote: string }) =>
    (
      await on.db
        .update(appeals)
        .set({ ...d, decidedAt: sql`now()` })
        .where(and(eq(appeals.id, appealId), eq(appeals.status, 'pending')))
        .returning({ id: appeals.id })
    ).length > 0,

  // ---- the daily overdue run ----
  /** Open tasks whose deadline passed before `today` turn overdue (once); their ids. */
  markOverdue: (on: Queryable, today: string, now: Date) =>
    on.query<{ id: number }>(
      `update tasks set overdue_at = $2 where removed_at is null and status in ('open', 'returned') and deadline < $1::date and overdue_at is null returning id`,
      [today, now],
    ),
  /**
   * Records today's reminder for every open task overdue or due by `soon`, once
   * per task, kind and day; the new ones' ids. Raw SQL: one set-based insert.
   * The message is a code (REMINDER_OVERDUE, REMINDER_DUE_SOON) that a sender
   * words in the office's language (server/src/lib/coded-text.zh.ts).
   */
  recordReminders: (on: Queryable, today: string, soon: string) =>
    on.query<{ id: number }>(
      `insert into reminder_outbox (task_id, unit_key, kind, day, message)
       select t.id, t.unit_key, case when t.deadline < $1::date then 'overdue' else 'due-soon' end, $1::date,
              jsonb_build_object('code', case when t.deadline < $1::date then 'REMINDER_OVERDUE' else 'REMINDER_DUE_SOON' end,
                                 'params', jsonb_build_object('title', t.title, 'deadline', t.deadline::text))
         from tasks t
        where t.removed_at is null and t.status in ('open', 'returned') and t.deadline <= $2::date
       on conflict (task_id, kind, day) do nothing returning id`,
      [today, soon],
    ),
  /** The task event for a recorded reminder (REMINDED with its kind). */
  remindedEvent: (on: Queryable, reminderId: number) =>
    on.query(
      `insert into task_events (task_id, action, note_code)
       select task_id, 'reminded', jsonb_build_object('code', 'REMINDED', 'params', jsonb_build_object('kind', kind)) from reminder_outbox where id = $1`,
      [reminderId],
    ),
};

