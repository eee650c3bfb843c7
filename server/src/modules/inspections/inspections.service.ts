// 明查暗访: inspectors (特邀监督员) record visits and what they found; the
// office turns a finding into a rectification task for the unit.
import type { INSPECTION_KINDS } from '@minping/shared/contracts/coded-text';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import { AppError, notFound } from '../../lib/errors.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { getTask } from '../tasks/tasks.service.js';
import { deadlineFrom } from '../tasks/calendar.js';
import { tasksRepo } from '../tasks/tasks.repo.js';
import { visibleUnits } from '../users/access.js';
import { attachmentsRepo } from '../attachments/attachments.repo.js';
import { campaignsRepo } from '../campaigns/campaigns.repo.js';
import { inspectionsRepo, type InspectionRow } from './inspections.repo.js';
import { clip } from '@minping/shared/text';

type InspectionKind = (typeof INSPECTION_KINDS)[number];

const view = (r: InspectionRow) => ({
  id: r.id,
  campaign: r.campaignKey,
  unit: r.unitKey,
  unitName: r.unitName ?? r.unitKey,
  place: r.place,
  visitedOn: r.visitedOn,
  kind: r.kind as InspectionKind,
  summary: r.summary,
  inspector: r.inspector,
  findings: r.findings,
  createdAt: new Date(r.createdAt).toISOString(),
});

async function one(on: Queryable, id: number) {
  const row = await inspectionsRepo.one(on, id);
  if (!row) throw notFound('NOT_FOUND', 'No such inspection');
  return row;
}

export async function recordInspection(ctx: Context, user: User, body: { campaign: string; unit: string; place?: string; visitedOn: string; kind: string; summary?: string; findings: { problem?: string; description: string; photoIds: number[] }[] }) {
  const campaign = await requireCampaign(ctx.database, body.campaign);
  if (!campaign.spec.units.some((u) => u.key === body.unit)) throw new AppError(422, 'UNIT_UNKNOWN', `No unit "${body.unit}" in ${campaign.key}`);
  const problems = new Set(campaign.spec.problems.map((p) => p.key));
  const bad = body.findings.findIndex((f) => f.problem && !problems.has(f.problem));
  if (bad >= 0) throw new AppError(422, 'VALIDATION_FAILED', 'Unknown problem category', [{ path: `body.findings[${bad}].problem`, message: `unknown problem "${body.findings[bad].problem}"` }]);
  const photos = body.findings.flatMap((f) => f.photoIds);
  return ctx.database.transaction(async (tx) => {
    if (photos.length) {
      const own = await attachmentsRepo.ownLive(tx, user.id, photos, { images: true });
      if (own.length !== new Set(photos).size) throw new AppError(422, 'ATTACHMENT_NOT_FOUND', 'Photos must be images you uploaded');
    }
    const row = await inspectionsRepo.insert(tx, {
      campaignId: campaign.id,
      unitKey: body.unit,
      place: body.place ?? null,
      visitedOn: body.visitedOn,
      kind: body.kind,
      summary: body.summary ?? null,
      inspectorId: user.id,
    });
    for (const f of body.findings) {
      await inspectionsRepo.insertFinding(tx, { inspectionId: row.id, problemKey: f.problem ?? null, description: f.description, photoIds: f.photoIds });
    }
    await audit(tx, { userId: user.id, action: 'inspection.record', campaignId: campaign.id, target: `inspection#${row.id}`, detail: { unit: body.unit, kind: body.kind, findings: body.findings.length } });
    return view(await one(tx, row.id));
  });
}

/** Admins see every visit, inspectors their own, liaisons those of their units. */
export async function listInspections(ctx: Context, user: User, campaignKey: string, unit?: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const units = user.role === 'inspector' ? null : await visibleUnits(ctx, user, campaign.id);
  const rows = await inspectionsRepo.list(ctx.database, { campaignId: campaign.id, unit: unit ?? null, units: units ? [...units] : null, inspectorId: user.role === 'inspector' ? user.id : null });
  return rows.map(view);
}

export async function findingToTask(ctx: Context, user: User, inspectionId: number, findingId: number, body: { title?: string; deadline?: string; workingDays?: number; isPublic: boolean }) {
  const taskId = await ctx.database.transaction(async (tx) => {
    const inspection = await one(tx, inspectionId);
    const finding = inspection.findings.find((f) => f.id === findingId);
    if (!finding) throw notFound('NOT_FOUND', 'No such finding');
    if (finding.taskId) throw new AppError(409, 'BAD_REQUEST', `This finding is already task ${finding.taskId}`);
    const c = (await campaignsRepo.byKey(tx, inspection.campaignKey))!;
    const label = c.spec.problems.find((p) => p.key === finding.problem)?.label;
    const task = await tasksRepo.insert(tx, {
      campaignId: c.id,
      unit: inspection.unitKey,
      source: 'inspection',
      sourceRef: String(finding.id),
      title: body.title ?? label ?? clip(finding.description, 60),
      description: null,
      descriptionCode: { code: 'INSPECTION_FINDING', params: { inspection: inspection.id, visitedOn: inspection.visitedOn, kind: inspection.kind as InspectionKind, place: inspection.place, finding: finding.description } },
      deadline: body.deadline ?? (await deadlineFrom(tx, body.workingDays)),
      isPublic: body.isPublic,
      followupContactId: null,
      createdBy: user.id,
    });
    if (!task) throw new AppError(409, 'BAD_REQUEST', 'This finding is already a task');
    await inspectionsRepo.linkTask(tx, finding.id, task.id);
    await tasksRepo.event(tx, task.id, user.id, 'created', { code: 'FROM_INSPECTION', params: { inspection: inspectionId } });
    await audit(tx, { userId: user.id, action: 'task.from-inspection', campaignId: c.id, target: `task#${task.id}`, detail: { inspectionId, findingId } });
    return task.id;
  });
  return getTask(ctx, user, taskId);
}
