import type { TaskView } from '@minping/shared/contracts/tasks';
import type { Query } from '../../infra/db.js';

export interface TaskRow {
  id: number;
  campaign_id: number;
  campaign_key: string;
  unit_key: string;
  unit_name: string | null;
  source: string;
  source_ref: string | null;
  title: string;
  description: string;
  deadline: string;
  status: string;
  is_public: boolean;
  followup_contact_id: number | null;
  overdue_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  closed_on: string | null;
  appeal_id: number | null;
  appeal_status: string | null;
  appeal_reason: string | null;
  appeal_note: string | null;
}

export const TASK_SELECT = `
  select t.id, t.campaign_id, c.key as campaign_key, t.unit_key, u.name as unit_name, t.source, t.source_ref, t.title, t.description,
         t.deadline::text as deadline, t.status, t.is_public, t.followup_contact_id, t.overdue_at, t.created_at, t.closed_at,
         to_char(t.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as closed_on,
         a.id as appeal_id, a.status as appeal_status, a.reason as appeal_reason, a.decision_note as appeal_note
    from tasks t join campaigns c on c.id = t.campaign_id left join units u on u.key = t.unit_key
    left join lateral (select * from appeals where task_id = t.id order by id desc limit 1) a on true`;

export function taskView(r: TaskRow, today: string): TaskView {
  const open = r.status === 'open' || r.status === 'returned';
  return {
    id: r.id,
    campaign: r.campaign_key,
    unit: r.unit_key,
    unitName: r.unit_name ?? r.unit_key,
    source: r.source as TaskView['source'],
    sourceRef: r.source_ref,
    title: r.title,
    description: r.description,
    deadline: r.deadline,
    status: r.status as TaskView['status'],
    overdue: open && r.deadline < today,
    isPublic: r.is_public,
    needsFollowup: r.followup_contact_id !== null,
    createdAt: new Date(r.created_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    closedLate: r.status === 'closed' && r.closed_on ? r.closed_on > r.deadline : null,
    appeal: r.appeal_id ? { id: r.appeal_id, status: r.appeal_status!, reason: r.appeal_reason!, decisionNote: r.appeal_note } : null,
  };
}

export const tasksRepo = {
  one: async (q: Query, id: number, lock = false) => (await q<TaskRow>(`${TASK_SELECT} where t.id = $1 and t.removed_at is null${lock ? ' for update of t' : ''}`, [id]))[0],
  insert: async (q: Query, t: { campaignId: number; unit: string; source: string; sourceRef: string | null; title: string; description: string; deadline: string; isPublic: boolean; followupContactId: number | null; createdBy: number | null }) =>
    (
      await q<{ id: number }>(
        `insert into tasks (campaign_id, unit_key, source, source_ref, title, description, deadline, is_public, followup_contact_id, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (campaign_id, unit_key, source, source_ref) where source_ref is not null and removed_at is null do nothing returning id`,
        [t.campaignId, t.unit, t.source, t.sourceRef, t.title, t.description, t.deadline, t.isPublic, t.followupContactId, t.createdBy],
      )
    )[0],
  event: (q: Query, taskId: number, userId: number | null, action: string, note?: string | null, attachmentIds: number[] = []) =>
    q(`insert into task_events (task_id, user_id, action, note, attachment_ids) values ($1, $2, $3, $4, $5::int[])`, [taskId, userId, action, note ?? null, attachmentIds]),
  setStatus: (q: Query, id: number, status: string) =>
    q(`update tasks set status = $2, closed_at = case when $2 in ('closed', 'withdrawn') then now() else null end where id = $1`, [id, status]),
  events: (q: Query, id: number) =>
    q<{ at: Date; username: string | null; action: string; note: string | null; attachments: { id: number; filename: string; size: number }[] }>(
      `select e.at, u.username, e.action, e.note,
              coalesce((select json_agg(json_build_object('id', a.id, 'filename', a.filename, 'size', a.size) order by a.id)
                          from attachments a where a.id = any(e.attachment_ids) and a.removed_at is null), '[]') as attachments
         from task_events e left join users u on u.id = e.user_id where e.task_id = $1 order by e.id`,
      [id],
    ),
  followups: (q: Query, id: number) =>
    q<{ reached: boolean; satisfied: boolean | null; note: string | null; recorded_at: Date }>(`select reached, satisfied, note, recorded_at from followups where task_id = $1 order by id`, [id]),
};
