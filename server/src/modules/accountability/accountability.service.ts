// What happens after the scores: the office's overview of tasks and visits,
// the escalation list for units that stay at the bottom, each unit's own
// report for its liaison, and the public close-out once results are out.
import type { CampaignResult, UnitResult } from '@minping/shared/scoring';
import { ESCALATION_STEPS } from '@minping/shared/contracts/accountability';
import type { Context } from '../../context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { shanghaiDate } from '../../lib/time.js';
import type { User } from '../auth/auth.service.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { resultsRepo } from '../results/results.repo.js';
import { taskView, tasksRepo } from '../tasks/tasks.repo.js';
import { inspectionsRepo } from '../inspections/inspections.repo.js';
import { assertUnitReader } from '../users/access.js';

/** Fuling's escalation for repeated bottom places: 1 → public criticism, 2 → talk with the head, 3+ → leadership review. */
export const escalationStep = (consecutiveBottom: number) => ESCALATION_STEPS[Math.min(consecutiveBottom, 3) - 1] ?? null;

async function tasksOf(ctx: Context, campaignId: number, unit?: string) {
  const rows = await tasksRepo.ofCampaign(ctx.database, campaignId, unit);
  const today = shanghaiDate(new Date());
  return rows.map((r) => ({ ...taskView(r, today), closedOn: r.closedOn }));
}

function tally(tasks: Awaited<ReturnType<typeof tasksOf>>) {
  const closed = tasks.filter((t) => t.status === 'closed');
  const days = closed.map((t) => (Date.parse(t.closedAt!) - Date.parse(t.createdAt)) / 86_400_000);
  const counted = tasks.filter((t) => t.status !== 'withdrawn');
  return {
    total: counted.length,
    open: tasks.filter((t) => t.status === 'open' || t.status === 'returned').length,
    answered: tasks.filter((t) => t.status === 'answered').length,
    closed: closed.length,
    closedOnTime: closed.filter((t) => !t.closedLate).length,
    closedLate: closed.filter((t) => t.closedLate).length,
    withdrawn: tasks.filter((t) => t.status === 'withdrawn').length,
    overdue: tasks.filter((t) => t.overdue).length,
    closingRate: counted.length ? Math.round((closed.length / counted.length) * 1000) / 10 : null,
    averageDaysToClose: days.length ? Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 10) / 10 : null,
  };
}

export async function overview(ctx: Context, campaignKey: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const tasks = await tasksOf(ctx, campaign.id);
  const visits = await inspectionsRepo.countsByUnit(ctx.database, campaign.id);
  const byVisit = new Map(visits.map((v) => [v.unitKey, v]));
  const units = campaign.spec.units.map((u) => {
    const v = byVisit.get(u.key);
    return {
      unit: u.key,
      unitName: u.name,
      category: u.category,
      tasks: tally(tasks.filter((t) => t.unit === u.key)),
      inspections: { visits: v?.visits ?? 0, places: v?.places ?? 0, phone: v?.phone ?? 0, undercover: v?.undercover ?? 0, findings: v?.findings ?? 0 },
    };
  });
  return {
    campaign: campaign.key,
    totals: {
      ...tally(tasks),
      visits: visits.reduce((s, v) => s + v.visits, 0),
      unitsVisited: visits.length,
      places: visits.reduce((s, v) => s + v.places, 0),
      phoneLines: visits.reduce((s, v) => s + v.phone, 0),
      findings: visits.reduce((s, v) => s + v.findings, 0),
    },
    units,
  };
}

async function standing(ctx: Context, campaignId: number) {
  const result = await resultsRepo.standingResult(ctx.database, campaignId);
  if (!result) throw new AppError(409, 'RESULTS_NOT_READY', 'No results computed yet');
  return result as CampaignResult;
}

export async function escalationList(ctx: Context, campaignKey: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const result = await standing(ctx, campaign.id);
  const categories = new Map(campaign.spec.categories.map((c) => [c.key, c.name]));
  return result.units
    .filter((u) => u.inBottom)
    .sort((a, b) => b.consecutiveBottom - a.consecutiveBottom || a.category.localeCompare(b.category) || (a.rank ?? 0) - (b.rank ?? 0))
    .map((u) => ({
      unit: u.key,
      unitName: u.name,
      category: u.category,
      categoryName: categories.get(u.category) ?? u.category,
      rank: u.rank,
      composite: u.composite,
      vetoed: u.vetoed,
      consecutiveBottom: u.consecutiveBottom,
      step: escalationStep(u.consecutiveBottom)!,
    }));
}

/** What to fix, in words a unit can act on: the problems voters ticked most, and its open tasks. */
function whatToFix(u: UnitResult) {
  return u.topProblems.slice(0, 3).map((p) => ({ problem: p.problem, label: p.label, share: p.share }));
}

/** A unit's own page for its liaison: published scores and warning, what to fix, its tasks. */
export async function unitReport(ctx: Context, user: User, campaignKey: string, unitKey: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  if (!campaign.spec.units.some((u) => u.key === unitKey)) throw notFound('NOT_FOUND', 'Unit not found');
  await assertUnitReader(ctx, user, campaign.id, unitKey);
  // Liaisons see published figures only; the office sees the latest computation.
  const [published] = await resultsRepo.published(ctx.database, campaign.id);
  const result = (published?.result ?? (user.role === 'liaison' ? null : await resultsRepo.standingResult(ctx.database, campaign.id))) as CampaignResult | null;
  const u = result?.units.find((x) => x.key === unitKey) ?? null;
  const tasks = await tasksOf(ctx, campaign.id, unitKey);
  return {
    campaign: { key: campaign.key, name: campaign.spec.name, status: campaign.status },
    unit: { key: unitKey, name: campaign.spec.units.find((x) => x.key === unitKey)!.name },
    published: published ? { version: published.version, publishedAt: new Date(published.publishedAt).toISOString() } : null,
    result: u,
    escalation: u?.inBottom ? escalationStep(u.consecutiveBottom) : null,
    whatToFix: u ? whatToFix(u) : [],
    tasks: tasks.map(({ closedOn: _c, ...t }) => t),
    summary: tally(tasks),
  };
}

/** The public close-out: complaints led somewhere. Only for published campaigns; only tasks marked public show their text. */
export async function publicCloseOut(ctx: Context, campaignKey: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const [published] = await resultsRepo.published(ctx.database, campaign.id);
  if (!published) throw notFound('NOT_PUBLISHED', `No published results for "${campaignKey}"`);
  const tasks = await tasksOf(ctx, campaign.id);
  return {
    campaign: campaign.key,
    units: campaign.spec.units.map((u) => {
      const mine = tasks.filter((t) => t.unit === u.key);
      const s = tally(mine);
      return {
        unit: u.key,
        unitName: u.name,
        opened: s.total,
        closedOnTime: s.closedOnTime,
        closedLate: s.closedLate,
        stillOpen: s.open + s.answered,
        publicTasks: mine.filter((t) => t.isPublic && t.status !== 'withdrawn').map((t) => ({ title: t.title, description: t.description, descriptionCode: t.descriptionCode, status: t.status, deadline: t.deadline, closedAt: t.closedAt })),
      };
    }),
  };
}
