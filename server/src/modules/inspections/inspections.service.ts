// 明查暗访: inspectors (特邀监督员) record visits and what they found; the
// office turns a finding into a rectification task for the unit.
import type { Context } from '../../context.js';
import type { Query } from '../../infra/db.js';
import { AppError } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { getTask } from '../tasks/tasks.service.js';
import { deadlineFrom } from '../tasks/calendar.js';
import { tasksRepo } from '../tasks/tasks.repo.js';
import { visibleUnits } from '../users/access.js';

type Row = {
  id: number; campaign_key: string; unit_key: string; unit_name: string | null; place: string | null; visited_on: string; kind: string;
  summary: string | null; inspector: string; created_at: Date; findings: { id: number; problem: string | null; description: string; photoIds: number[]; taskId: number | null }[];
};

const SELECT = `
  select i.id, c.key as campaign_key, i.unit_key, u.name as unit_name, i.place, i.visited_on::text as visited_on, i.kind, i.summary,
         p.username as inspector, i.created_at,
         coalesce((select json_agg(json_build_object('id', f.id, 'problem', f.problem_key, 'description', f.description, 'photoIds', f.photo_ids, 'taskId', f.task_id) order by f.id)
                     from inspection_findings f where f.inspection_id = i.id), '[]') as findings
    from inspections i join campaigns c on c.id = i.campaign_id left join units u on u.key = i.unit_key join users p on p.id = i.inspector_id`;

const view = (r: Row) => ({
  id: r.id,
  campaign: r.campaign_key,
  unit: r.unit_key,
  unitName: r.unit_name ?? r.unit_key,
  place: r.place,
  visitedOn: r.visited_on,
  kind: r.kind as 'open' | 'undercover' | 'phone',
  summary: r.summary,
  inspector: r.inspector,
  findings: r.findings,
  createdAt: new Date(r.created_at).toISOString(),
});

async function one(q: Query, id: number) {
  const [row] = await q<Row>(`${SELECT} where i.id = $1 and i.removed_at is null`, [id]);
  if (!row) throw new AppError(404, 'NOT_FOUND', 'No such inspection');
  return row;
}

export async function recordInspection(ctx: Context, user: User, body: { campaign: string; unit: string; place?: string; visitedOn: string; kind: string; summary?: string; findings: { problem?: string; description: string; photoIds: number[] }[] }) {
  const campaign = await requireCampaign(ctx.database.db, body.campaign);
  if (!campaign.spec.units.some((u) => u.key === body.unit)) throw new AppError(422, 'UNIT_UNKNOWN', `No unit "${body.unit}" in ${campaign.key}`);
  const problems = new Set(campaign.spec.problems.map((p) => p.key));
  const bad = body.findings.findIndex((f) => f.problem && !problems.has(f.problem));
  if (bad >= 0) throw new AppError(422, 'VALIDATION_FAILED', 'Unknown problem category', [{ path: `body.findings[${bad}].problem`, message: `unknown problem "${body.findings[bad].problem}"` }]);
  const photos = body.findings.flatMap((f) => f.photoIds);
  return ctx.database.transaction(async ({ query: q }) => {
    if (photos.length) {
      const own = await q<{ id: number }>(`select id from attachments where id = any($1::int[]) and uploaded_by = $2 and removed_at is null and content_type like 'image/%'`, [photos, user.id]);
      if (own.length !== new Set(photos).size) throw new AppError(422, 'ATTACHMENT_NOT_FOUND', 'Photos must be images you uploaded');
    }
    const [row] = await q<{ id: number }>(
      `insert into inspections (campaign_id, unit_key, place, visited_on, kind, summary, inspector_id) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [campaign.id, body.unit, body.place ?? null, body.visitedOn, body.kind, body.summary ?? null, user.id],
    );
    for (const f of body.findings) {
      await q(`insert into inspection_findings (inspection_id, problem_key, description, photo_ids) values ($1, $2, $3, $4::int[])`, [row.id, f.problem ?? null, f.description, f.photoIds]);
    }
    await audit(q, { userId: user.id, action: 'inspection.record', campaignId: campaign.id, target: `inspection#${row.id}`, detail: { unit: body.unit, kind: body.kind, findings: body.findings.length } });
    return view(await one(q, row.id));
  });
}

/** Admins see every visit, inspectors their own, liaisons those of their units. */
export async function listInspections(ctx: Context, user: User, campaignKey: string, unit?: string) {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  const units = user.role === 'inspector' ? null : await visibleUnits(ctx, user, campaign.id);
  const rows = await ctx.database.query<Row>(
    `${SELECT} where i.campaign_id = $1 and i.removed_at is null and ($2::text is null or i.unit_key = $2)
       and ($3::text[] is null or i.unit_key = any($3::text[])) and ($4::int is null or i.inspector_id = $4) order by i.visited_on desc, i.id desc`,
    [campaign.id, unit ?? null, units ? [...units] : null, user.role === 'inspector' ? user.id : null],
  );
  return rows.map(view);
}

export async function findingToTask(ctx: Context, user: User, inspectionId: number, findingId: number, body: { title?: string; deadline?: string; workingDays?: number; isPublic: boolean }) {
  const taskId = await ctx.database.transaction(async ({ query: q }) => {
    const inspection = await one(q, inspectionId);
    const finding = inspection.findings.find((f) => f.id === findingId);
    if (!finding) throw new AppError(404, 'NOT_FOUND', 'No such finding');
    if (finding.taskId) throw new AppError(409, 'BAD_REQUEST', `This finding is already task ${finding.taskId}`);
    const [c] = await q<{ id: number; spec: { problems: { key: string; label: string }[] } }>(`select id, spec from campaigns where key = $1`, [inspection.campaign_key]);
    const label = c.spec.problems.find((p) => p.key === finding.problem)?.label;
    const task = await tasksRepo.insert(q, {
      campaignId: c.id,
      unit: inspection.unit_key,
      source: 'inspection',
      sourceRef: String(finding.id),
      title: body.title ?? label ?? finding.description.slice(0, 60),
      description: `${inspection.visited_on} ${inspection.place ?? ''}（${inspection.kind}）：${finding.description}`,
      deadline: body.deadline ?? (await deadlineFrom(q, body.workingDays)),
      isPublic: body.isPublic,
      followupContactId: null,
      createdBy: user.id,
    });
    if (!task) throw new AppError(409, 'BAD_REQUEST', 'This finding is already a task');
    await q(`update inspection_findings set task_id = $2 where id = $1`, [finding.id, task.id]);
    await tasksRepo.event(q, task.id, user.id, 'created', `inspection #${inspectionId}`);
    await audit(q, { userId: user.id, action: 'task.from-inspection', campaignId: c.id, target: `task#${task.id}`, detail: { inspectionId, findingId } });
    return task.id;
  });
  return getTask(ctx, user, taskId);
}
