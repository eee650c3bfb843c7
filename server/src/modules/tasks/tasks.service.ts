// 整改任务: list, fix, tick off (列表整改、逐一销号). A task goes open → answered
// → closed (verified by the office), or back as returned; an appeal may
// withdraw it. Every step is a task event with who and when, and an audit entry.
import type { CampaignResult } from '@minping/shared/scoring';
import { sharePercent } from '@minping/shared/contracts/coded-text';
import type { TaskStatus } from '@minping/shared/contracts/tasks';
import type { Context } from '../../context.js';
import type { Queryable, Tx } from '../../infra/db.js';
import { AppError, notFound } from '../../lib/errors.js';
import { shanghaiDate } from '../../lib/time.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { resultsRepo } from '../results/results.repo.js';
import { checkUnitLiaison, checkUnitReader, scopeOf, visibleUnits, type Scope } from '../users/access.js';
import { deadlineFrom } from './calendar.js';
import { reachesThreshold } from './threshold.js';
import { taskView, tasksRepo, type TaskRow } from './tasks.repo.js';
import { attachmentsRepo } from '../attachments/attachments.repo.js';
import { commentByKey } from '../accountability/followup.service.js';

const DEFAULT_PROBLEM_THRESHOLD = 0.2;
const today = () => shanghaiDate(new Date());
const noSuchTask = () => notFound('TASK_NOT_FOUND', 'No such task');

/** The task if the user may see it; scope is read before any transaction (see scopeOf). */
async function requireTask(on: Queryable, user: User, scope: Scope, id: number, lock = false): Promise<TaskRow> {
  const row = await tasksRepo.one(on, id, lock);
  if (!row) throw noSuchTask();
  try {
    checkUnitReader(user, scope, row.campaignId, row.unitKey);
  } catch {
    throw noSuchTask();
  }
  return row;
}

function transition(row: TaskRow, from: TaskStatus[], to: string) {
  if (!from.includes(row.status as TaskStatus)) throw new AppError(409, 'INVALID_TASK_TRANSITION', `A task that is ${row.status} cannot be ${to}`);
}

async function assertOwnAttachments(on: Queryable, user: User, ids: number[]) {
  if (!ids.length) return;
  const own = await attachmentsRepo.ownLive(on, user.id, ids);
  if (own.length !== new Set(ids).size) throw new AppError(422, 'ATTACHMENT_NOT_FOUND', 'Attach only files you uploaded');
}

export async function createTask(ctx: Context, user: User, body: { campaign: string; unit: string; source: 'comment' | 'manual'; commentKey?: string; title: string; description: string; deadline?: string; workingDays?: number; isPublic: boolean }) {
  const campaign = await requireCampaign(ctx.database, body.campaign);
  if (!campaign.spec.units.some((u) => u.key === body.unit)) throw new AppError(422, 'UNIT_UNKNOWN', `No unit "${body.unit}" in ${campaign.key}`);
  if (body.source === 'comment' && !body.commentKey) throw new AppError(400, 'VALIDATION_FAILED', 'A task from a comment names the comment', [{ path: 'body.commentKey', message: 'required for source "comment"' }]);
  const id = await ctx.database.transaction(async (tx) => {
    let contactId: number | null = null;
    if (body.source === 'comment') {
      const comment = await commentByKey(ctx, tx, campaign.id, body.commentKey!);
      if (!comment) throw notFound('BALLOT_NOT_FOUND', 'No comment by that key in this campaign');
      contactId = comment.contact;
    }
    const deadline = body.deadline ?? (await deadlineFrom(tx, body.workingDays));
    if (deadline < today()) throw new AppError(422, 'VALIDATION_FAILED', 'The deadline is in the past', [{ path: 'body.deadline', message: 'in the past' }]);
    const row = await tasksRepo.insert(tx, {
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
    await tasksRepo.event(tx, row.id, user.id, 'created');
    await audit(tx, { userId: user.id, action: 'task.create', campaignId: campaign.id, target: `task#${row.id}`, detail: { unit: body.unit, source: body.source } });
    return row.id;
  });
  return getTask(ctx, user, id);
}

/** Opens a task for every unit where a problem was ticked on at least `threshold` of its ballots. */
export async function tasksFromProblems(ctx: Context, user: User, campaignKey: string, opts: { threshold?: number; workingDays?: number }) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const threshold = opts.threshold ?? campaign.spec.rules.problemTaskThreshold ?? DEFAULT_PROBLEM_THRESHOLD;
  const [row] = await resultsRepo.computed(ctx.database, campaign.id);
  if (!row) throw new AppError(409, 'RESULTS_NOT_READY', 'Compute results first');
  const result = row.result as CampaignResult;
  return ctx.database.transaction(async (tx) => {
    const deadline = await deadlineFrom(tx, opts.workingDays);
    const created: number[] = [];
    for (const u of result.units) {
      for (const p of u.topProblems) {
        // The share as published (exact, at the campaign's decimals), compared exactly.
        if (p.share === null || !reachesThreshold(p.share, threshold)) continue;
        const t = await tasksRepo.insert(tx, {
          campaignId: campaign.id,
          unit: u.key,
          source: 'problem',
          sourceRef: p.problem,
          title: p.label,
          description: null,
          descriptionCode: { code: 'PROBLEM_SHARE', params: { problem: p.problem, problemLabel: p.label, share: p.share, count: p.count } },
          deadline,
          isPublic: false,
          followupContactId: null,
          createdBy: user.id,
        });
        if (t) {
          await tasksRepo.event(tx, t.id, user.id, 'created', { code: 'FROM_PROBLEMS', params: { threshold: sharePercent(threshold) } });
          created.push(t.id);
        }
      }
    }
    await audit(tx, { userId: user.id, action: 'task.from-problems', campaignId: campaign.id, detail: { threshold, created: created.length } });
    return { created: created.length, threshold };
  });
}

export async function listTasks(ctx: Context, user: User, f: { campaign?: string; unit?: string; status?: TaskStatus; overdue?: boolean; limit: number }) {
  const campaign = f.campaign ? await requireCampaign(ctx.database, f.campaign) : null;
  let units: Set<string> | null = null;
  if (user.role !== 'admin') {
    if (!campaign) throw new AppError(400, 'VALIDATION_FAILED', 'Name a campaign', [{ path: 'querystring.campaign', message: 'required' }]);
    units = await visibleUnits(ctx, user, campaign.id);
  }
  const rows = await tasksRepo.list(ctx.database, { campaignId: campaign?.id ?? null, unit: f.unit ?? null, status: f.status ?? null, units: units ? [...units] : null, limit: f.limit });
  const views = rows.map((r) => taskView(r, today()));
  return f.overdue === undefined ? views : views.filter((v) => v.overdue === f.overdue);
}

export async function getTask(ctx: Context, user: User, id: number) {
  const row = await requireTask(ctx.database, user, await scopeOf(ctx, user), id);
  const [events, followups] = await Promise.all([tasksRepo.events(ctx.database, id), tasksRepo.followups(ctx.database, id)]);
  return {
    ...taskView(row, today()),
    events: events.map((e) => ({ at: new Date(e.at).toISOString(), user: e.username, action: e.action, note: e.note, noteCode: e.noteCode, attachments: e.attachments })),
    followups: followups.map((f) => ({ reached: f.reached, satisfied: f.satisfied, note: f.note, at: f.recordedAt.toISOString() })),
  };
}

/** One change to a task, under its row lock; tx is the step's only way to the database. */
async function step(ctx: Context, user: User, id: number, fn: (tx: Tx, row: TaskRow, scope: Scope) => Promise<void>) {
  const scope = await scopeOf(ctx, user);
  await ctx.database.transaction(async (tx) => fn(tx, await requireTask(tx, user, scope, id, true), scope));
  return getTask(ctx, user, id);
}

export function answerTask(ctx: Context, user: User, id: number, body: { text: string; attachmentIds: number[] }) {
  return step(ctx, user, id, async (tx, row, scope) => {
    checkUnitLiaison(user, scope, row.unitKey);
    transition(row, ['open', 'returned', 'answered'], 'answered');
    await assertOwnAttachments(tx, user, body.attachmentIds);
    await tasksRepo.setStatus(tx, id, 'answered');
    await tasksRepo.event(tx, id, user.id, 'answered', body.text, body.attachmentIds);
    await audit(tx, { userId: user.id, action: 'task.answer', campaignId: row.campaignId, target: `task#${id}` });
  });
}

export function verifyTask(ctx: Context, user: User, id: number, body: { action: 'close' | 'return'; note?: string; followup?: { reached: boolean; satisfied: boolean | null; note?: string } }) {
  return step(ctx, user, id, async (tx, row) => {
    transition(row, ['answered'], body.action === 'close' ? 'closed' : 'returned');
    if (row.appealStatus === 'pending') throw new AppError(409, 'APPEAL_PENDING', 'Decide the pending appeal first');
    if (body.action === 'close' && row.followupContactId !== null) {
      // 好差评: every complaint whose author asked to hear back gets a follow-up before it is closed.
      if (!body.followup) throw new AppError(422, 'FOLLOWUP_REQUIRED', 'This task came from a voter who asked to be called back: record the follow-up');
      await tasksRepo.insertFollowup(tx, {
        taskId: id,
        contactId: row.followupContactId,
        reached: body.followup.reached,
        satisfied: body.followup.satisfied,
        note: body.followup.note ?? null,
        recordedBy: user.id,
      });
      await tasksRepo.event(tx, id, user.id, 'follow-up', body.followup.note ?? null);
    }
    await tasksRepo.setStatus(tx, id, body.action === 'close' ? 'closed' : 'returned');
    await tasksRepo.event(tx, id, user.id, body.action === 'close' ? 'closed' : 'returned', body.note ?? null);
    await audit(tx, { userId: user.id, action: `task.${body.action}`, campaignId: row.campaignId, target: `task#${id}` });
  });
}

export function setTaskPublic(ctx: Context, user: User, id: number, isPublic: boolean) {
  return step(ctx, user, id, async (tx, row) => {
    await tasksRepo.setPublic(tx, id, isPublic);
    await audit(tx, { userId: user.id, action: 'task.public', campaignId: row.campaignId, target: `task#${id}`, detail: { isPublic } });
  });
}

export function appealTask(ctx: Context, user: User, id: number, body: { reason: string; attachmentIds: number[] }) {
  return step(ctx, user, id, async (tx, row, scope) => {
    checkUnitLiaison(user, scope, row.unitKey);
    transition(row, ['open', 'returned', 'answered'], 'appealed');
    if (row.appealStatus === 'pending') throw new AppError(409, 'APPEAL_PENDING', 'An appeal is already pending');
    await assertOwnAttachments(tx, user, body.attachmentIds);
    await tasksRepo.insertAppeal(tx, { taskId: id, reason: body.reason, attachmentIds: body.attachmentIds, filedBy: user.id });
    await tasksRepo.event(tx, id, user.id, 'appealed', body.reason, body.attachmentIds);
    await audit(tx, { userId: user.id, action: 'task.appeal', campaignId: row.campaignId, target: `task#${id}` });
  });
}

/** Upheld: the task was mistaken and is withdrawn. Dismissed: it stands. */
export function decideAppeal(ctx: Context, user: User, id: number, body: { decision: 'upheld' | 'dismissed'; note: string }) {
  return step(ctx, user, id, async (tx, row) => {
    const pending = row.appealStatus === 'pending' && (await tasksRepo.decideAppeal(tx, row.appealId!, { status: body.decision, decidedBy: user.id, decisionNote: body.note }));
    if (!pending) throw new AppError(409, 'INVALID_TASK_TRANSITION', 'No pending appeal on this task');
    if (body.decision === 'upheld') await tasksRepo.setStatus(tx, id, 'withdrawn');
    await tasksRepo.event(tx, id, user.id, `appeal-${body.decision}`, body.note);
    await audit(tx, { userId: user.id, action: `task.appeal-${body.decision}`, campaignId: row.campaignId, target: `task#${id}` });
  });
}
