// 整改任务: list, fix, tick off (列表整改、逐一销号). A task goes open → answered
// → closed (verified by the office), or back as returned; an appeal may
// withdraw it. Every step is a task event with who and when, and an audit entry.
import type { CampaignResult } from '@minping/shared/scoring';
import type { TaskStatus } from '@minping/shared/contracts/tasks';
import type { Context } from '../../context.js';
import type { Query } from '../../infra/db.js';
import { AppError } from '../../lib/errors.js';
import { shanghaiDate } from '../../lib/time.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { resultsRepo } from '../results/results.repo.js';
import { checkUnitLiaison, checkUnitReader, scopeOf, visibleUnits, type Scope } from '../users/access.js';
import { deadlineFrom } from './calendar.js';
import { TASK_SELECT, taskView, tasksRepo, type TaskRow } from './tasks.repo.js';
import { commentByKey } from '../accountability/followup.service.js';

const DEFAULT_PROBLEM_THRESHOLD = 0.2;
const today = () => shanghaiDate(new Date());
const notFound = () => new AppError(404, 'TASK_NOT_FOUND', 'No such task');

/** The task if the user may see it; scope is read before any transaction (see scopeOf). */
async function requireTask(q: Query, user: User, scope: Scope, id: number, lock = false): Promise<TaskRow> {
  const row = await tasksRepo.one(q, id, lock);
  if (!row) throw notFound();
  try {
    checkUnitReader(user, scope, row.campaign_id, row.unit_key);
  } catch {
    throw notFound();
  }
  return row;
}

function transition(row: TaskRow, from: TaskStatus[], to: string) {
  if (!from.includes(row.status as TaskStatus)) throw new AppError(409, 'INVALID_TASK_TRANSITION', `A task that is ${row.status} cannot be ${to}`);
}

async function assertOwnAttachments(q: Query, user: User, ids: number[]) {
  if (!ids.length) return;
  const rows = await q<{ id: number }>(`select id from attachments where id = any($1::int[]) and uploaded_by = $2 and removed_at is null`, [ids, user.id]);
  if (rows.length !== new Set(ids).size) throw new AppError(422, 'ATTACHMENT_NOT_FOUND', 'Attach only files you uploaded');
}

export async function createTask(ctx: Context, user: User, body: { campaign: string; unit: string; source: 'comment' | 'manual'; commentKey?: string; title: string; description: string; deadline?: string; workingDays?: number; isPublic: boolean }) {
  const campaign = await requireCampaign(ctx.database.db, body.campaign);
  if (!campaign.spec.units.some((u) => u.key === body.unit)) throw new AppError(422, 'UNIT_UNKNOWN', `No unit "${body.unit}" in ${campaign.key}`);
  if (body.source === 'comment' && !body.commentKey) throw new AppError(400, 'VALIDATION_FAILED', 'A task from a comment names the comment', [{ path: 'body.commentKey', message: 'required for source "comment"' }]);
  const id = await ctx.database.transaction(async ({ query: q }) => {
    let contactId: number | null = null;
    if (body.source === 'comment') {
      const comment = await commentByKey(ctx, q, campaign.id, body.commentKey!);
      if (!comment) throw new AppError(404, 'BALLOT_NOT_FOUND', 'No comment by that key in this campaign');
      contactId = comment.contact;
    }
    const deadline = body.deadline ?? (await deadlineFrom(q, body.workingDays));
    if (deadline < today()) throw new AppError(422, 'VALIDATION_FAILED', 'The deadline is in the past', [{ path: 'body.deadline', message: 'in the past' }]);
    const row = await tasksRepo.insert(q, {
      campaignId: campaign.id,
      unit: body.unit,
      source: body.source,
      sourceRef: body.source === 'comment' ? body.commentKey! : null,
      title: body.title,
      description: body.description,
      deadline,
      isPublic: body.isPublic,
      followupContactId: contactId,
      createdBy: user.id,
    });
    if (!row) throw new AppError(409, 'BAD_REQUEST', 'That comment is already a task for this unit');
    await tasksRepo.event(q, row.id, user.id, 'created');
    await audit(q, { userId: user.id, action: 'task.create', campaignId: campaign.id, target: `task#${row.id}`, detail: { unit: body.unit, source: body.source } });
    return row.id;
  });
  return getTask(ctx, user, id);
}

/** Opens a task for every unit where a problem was ticked on at least `threshold` of its ballots. */
export async function tasksFromProblems(ctx: Context, user: User, campaignKey: string, opts: { threshold?: number; workingDays?: number }) {
  const campaign = await requireCampaign(ctx.database.db, campaignKey);
  const threshold = opts.threshold ?? campaign.spec.rules.problemTaskThreshold ?? DEFAULT_PROBLEM_THRESHOLD;
  const [row] = await resultsRepo.computed(ctx.database, campaign.id);
  if (!row) throw new AppError(409, 'RESULTS_NOT_READY', 'Compute results first');
  const result = row.result as CampaignResult;
  return ctx.database.transaction(async ({ query: q }) => {
    const deadline = await deadlineFrom(q, opts.workingDays);
    const created: number[] = [];
    for (const u of result.units) {
      for (const p of u.topProblems) {
        if (p.share === null || Number(p.share) / 100 < threshold) continue;
        const t = await tasksRepo.insert(q, {
          campaignId: campaign.id,
          unit: u.key,
          source: 'problem',
          sourceRef: p.problem,
          title: p.label,
          description: `${p.share}% 的有效问卷（${p.count} 份）勾选了“${p.label}”。 ${p.share}% of valid ballots (${p.count}) ticked "${p.label}".`,
          deadline,
          isPublic: false,
          followupContactId: null,
          createdBy: user.id,
        });
        if (t) {
          await tasksRepo.event(q, t.id, user.id, 'created', `threshold ${threshold}`);
          created.push(t.id);
        }
      }
    }
    await audit(q, { userId: user.id, action: 'task.from-problems', campaignId: campaign.id, detail: { threshold, created: created.length } });
    return { created: created.length, threshold };
  });
}

export async function listTasks(ctx: Context, user: User, f: { campaign?: string; unit?: string; status?: TaskStatus; overdue?: boolean; limit: number }) {
  const campaign = f.campaign ? await requireCampaign(ctx.database.db, f.campaign) : null;
  let units: Set<string> | null = null;
  if (user.role !== 'admin') {
    if (!campaign) throw new AppError(400, 'VALIDATION_FAILED', 'Name a campaign', [{ path: 'querystring.campaign', message: 'required' }]);
    units = await visibleUnits(ctx, user, campaign.id);
  }
  const rows = await ctx.database.query<TaskRow>(
    `${TASK_SELECT} where t.removed_at is null and ($1::int is null or t.campaign_id = $1) and ($2::text is null or t.unit_key = $2)
       and ($3::text is null or t.status = $3) and ($4::text[] is null or t.unit_key = any($4::text[])) order by t.deadline, t.id limit $5`,
    [campaign?.id ?? null, f.unit ?? null, f.status ?? null, units ? [...units] : null, f.limit],
  );
  const views = rows.map((r) => taskView(r, today()));
  return f.overdue === undefined ? views : views.filter((v) => v.overdue === f.overdue);
}

export async function getTask(ctx: Context, user: User, id: number) {
  const row = await requireTask(ctx.database.query, user, await scopeOf(ctx, user), id);
  const [events, followups] = await Promise.all([tasksRepo.events(ctx.database.query, id), tasksRepo.followups(ctx.database.query, id)]);
  return {
    ...taskView(row, today()),
    events: events.map((e) => ({ at: new Date(e.at).toISOString(), user: e.username, action: e.action, note: e.note, attachments: e.attachments })),
    followups: followups.map((f) => ({ reached: f.reached, satisfied: f.satisfied, note: f.note, at: new Date(f.recorded_at).toISOString() })),
  };
}

/** One change to a task, under its row lock; q is the step's only way to the database. */
async function step(ctx: Context, user: User, id: number, fn: (q: Query, row: TaskRow, scope: Scope) => Promise<void>) {
  const scope = await scopeOf(ctx, user);
  await ctx.database.transaction(async ({ query: q }) => fn(q, await requireTask(q, user, scope, id, true), scope));
  return getTask(ctx, user, id);
}

export function answerTask(ctx: Context, user: User, id: number, body: { text: string; attachmentIds: number[] }) {
  return step(ctx, user, id, async (q, row, scope) => {
    checkUnitLiaison(user, scope, row.unit_key);
    transition(row, ['open', 'returned', 'answered'], 'answered');
    await assertOwnAttachments(q, user, body.attachmentIds);
    await tasksRepo.setStatus(q, id, 'answered');
    await tasksRepo.event(q, id, user.id, 'answered', body.text, body.attachmentIds);
    await audit(q, { userId: user.id, action: 'task.answer', campaignId: row.campaign_id, target: `task#${id}` });
  });
}

export function verifyTask(ctx: Context, user: User, id: number, body: { action: 'close' | 'return'; note?: string; followup?: { reached: boolean; satisfied: boolean | null; note?: string } }) {
  return step(ctx, user, id, async (q, row) => {
    transition(row, ['answered'], body.action === 'close' ? 'closed' : 'returned');
    if (row.appeal_status === 'pending') throw new AppError(409, 'APPEAL_PENDING', 'Decide the pending appeal first');
    if (body.action === 'close' && row.followup_contact_id !== null) {
      // 好差评: every complaint whose author asked to hear back gets a follow-up before it is closed.
      if (!body.followup) throw new AppError(422, 'FOLLOWUP_REQUIRED', 'This task came from a voter who asked to be called back: record the follow-up');
      await q(`insert into followups (task_id, contact_id, reached, satisfied, note, recorded_by) values ($1, $2, $3, $4, $5, $6)`, [
        id,
        row.followup_contact_id,
        body.followup.reached,
        body.followup.satisfied,
        body.followup.note ?? null,
        user.id,
      ]);
      await tasksRepo.event(q, id, user.id, 'follow-up', body.followup.note ?? null);
    }
    await tasksRepo.setStatus(q, id, body.action === 'close' ? 'closed' : 'returned');
    await tasksRepo.event(q, id, user.id, body.action === 'close' ? 'closed' : 'returned', body.note ?? null);
    await audit(q, { userId: user.id, action: `task.${body.action}`, campaignId: row.campaign_id, target: `task#${id}` });
  });
}

export function setTaskPublic(ctx: Context, user: User, id: number, isPublic: boolean) {
  return step(ctx, user, id, async (q, row) => {
    await q(`update tasks set is_public = $2 where id = $1`, [id, isPublic]);
    await audit(q, { userId: user.id, action: 'task.public', campaignId: row.campaign_id, target: `task#${id}`, detail: { isPublic } });
  });
}

export function appealTask(ctx: Context, user: User, id: number, body: { reason: string; attachmentIds: number[] }) {
  return step(ctx, user, id, async (q, row, scope) => {
    checkUnitLiaison(user, scope, row.unit_key);
    transition(row, ['open', 'returned', 'answered'], 'appealed');
    if (row.appeal_status === 'pending') throw new AppError(409, 'APPEAL_PENDING', 'An appeal is already pending');
    await assertOwnAttachments(q, user, body.attachmentIds);
    await q(`insert into appeals (task_id, reason, attachment_ids, filed_by) values ($1, $2, $3::int[], $4)`, [id, body.reason, body.attachmentIds, user.id]);
    await tasksRepo.event(q, id, user.id, 'appealed', body.reason, body.attachmentIds);
    await audit(q, { userId: user.id, action: 'task.appeal', campaignId: row.campaign_id, target: `task#${id}` });
  });
}

/** Upheld: the task was mistaken and is withdrawn. Dismissed: it stands. */
export function decideAppeal(ctx: Context, user: User, id: number, body: { decision: 'upheld' | 'dismissed'; note: string }) {
  return step(ctx, user, id, async (q, row) => {
    if (row.appeal_status !== 'pending') throw new AppError(409, 'INVALID_TASK_TRANSITION', 'No pending appeal on this task');
    await q(`update appeals set status = $2, decided_by = $3, decided_at = now(), decision_note = $4 where id = $1`, [row.appeal_id, body.decision, user.id, body.note]);
    if (body.decision === 'upheld') await tasksRepo.setStatus(q, id, 'withdrawn');
    await tasksRepo.event(q, id, user.id, `appeal-${body.decision}`, body.note);
    await audit(q, { userId: user.id, action: `task.appeal-${body.decision}`, campaignId: row.campaign_id, target: `task#${id}` });
  });
}
