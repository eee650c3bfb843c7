// The campaign editor's drafts: a campaign file saved as it is typed (any
// JSON, valid or not), answered on every save with every problem it has, and
// applied (imported, and opened if asked) in one transaction. See
// shared/src/contracts/drafts.ts for the contract.
import { campaignSpecSchema, inFileOrder, parseCampaignSpec, type CampaignSpec } from '@minping/shared/spec';
import { specIssue, type SpecIssue } from '@minping/shared/spec-issues';
import { lockIssues } from '@minping/shared/campaign-locks';
import { campaignTemplate } from '@minping/shared/campaign-templates';
import { nextYearCopy, uniqueKey } from '@minping/shared/campaign-copy';
import type { CampaignStatus } from '@minping/shared/contracts/campaigns';
import type { Draft } from '@minping/shared/contracts/drafts';
import type { z } from 'zod';
import type { createDraftBodySchema, draftSummarySchema } from '@minping/shared/contracts/drafts';
import type { Context } from '../../context.js';
import type { Queryable } from '../../infra/db.js';
import { AppError, notFound, uniqueViolation } from '../../lib/errors.js';
import { shanghaiDate } from '../../lib/time.js';
import { audit } from '../audit/audit.repo.js';
import { campaignsRepo, type CampaignRow } from '../campaigns/campaigns.repo.js';
import { importSpecIn, requireCampaign, setStatusIn, summarize } from '../campaigns/campaigns.service.js';
import { draftsRepo, type DraftRow } from './drafts.repo.js';

type CreateBody = z.output<typeof createDraftBodySchema>;
type DraftSummary = z.output<typeof draftSummarySchema>;

/** The campaign a draft edits, as its checks need it. */
interface Edited {
  row: CampaignRow;
  ballots: number;
}

// A campaign file is five levels deep; a body far deeper is hostile, and
// writing it out again (JSON.stringify recurses) would exhaust the stack.
export const MAX_FILE_DEPTH = 64;

/** How deep a JSON value nests, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_FILE_DEPTH): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return max;
}

/** The file as the text to keep: JSON as it came (field order kept), after the depth check. */
function fileText(file: unknown): string {
  if (jsonDepth(file) > MAX_FILE_DEPTH) throw new AppError(422, 'JSON_TOO_DEEP', `The file nests more than ${MAX_FILE_DEPTH} levels deep; a campaign file has about five`);
  return JSON.stringify(file ?? null);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyOf = (file: unknown) => (isObj(file) && typeof file.key === 'string' ? file.key : null);
const nameOf = (file: unknown) => (isObj(file) && typeof file.name === 'string' ? file.name : null);

/**
 * Every problem of a draft's file, in the file's order: the file's own (the
 * import's checks), then what applying it would break: a new campaign's key
 * already taken, an edited campaign's key changed, and, once the edited
 * campaign has ballots, each value that is no longer editable (FIELD_LOCKED).
 */
export function draftIssues(file: unknown, edited: Edited | null, keyTaken: (key: string) => boolean): SpecIssue[] {
  const parsed = parseCampaignSpec(file);
  const own = parsed.ok ? [] : parsed.issues;
  const named = new Set(own.map((i) => i.path));
  const key = keyOf(file);
  const extra: SpecIssue[] = [];
  if (edited) {
    if (key !== null && key !== edited.row.key) extra.push(specIssue('key', 'KEY_FIXED', { key: edited.row.key }));
    extra.push(...lockIssues(edited.row.spec, file, edited.ballots).filter((i) => !(i.path === 'key' && key !== edited.row.key)));
  } else if (key !== null && keyTaken(key)) {
    extra.push(specIssue('key', 'KEY_TAKEN', { key }));
  }
  return inFileOrder([...own, ...extra.filter((i) => !named.has(i.path))]);
}

async function editedOf(on: Queryable, row: { campaignId: number | null }): Promise<Edited | null> {
  if (row.campaignId === null) return null;
  const campaign = await campaignsRepo.byId(on, row.campaignId);
  return campaign ? { row: campaign, ballots: await campaignsRepo.ballotCount(on, campaign.id) } : null;
}

const campaignOf = (edited: Edited | null): Draft['campaign'] =>
  edited && { key: edited.row.key, status: edited.row.status as CampaignStatus, ballots: edited.ballots, frozen: edited.ballots > 0 };

function toDraft(row: DraftRow, file: unknown, edited: Edited | null, issues: SpecIssue[]): Draft {
  return {
    id: row.id,
    file,
    issues,
    campaign: campaignOf(edited),
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedByName,
  };
}

async function takenKeys(on: Queryable): Promise<Set<string>> {
  return new Set(await draftsRepo.campaignKeys(on));
}

export async function getDraft(ctx: Context, id: number): Promise<Draft> {
  const row = await draftsRepo.byId(ctx.database, id);
  if (!row) throw notFound('DRAFT_NOT_FOUND', `No draft ${id}`);
  const file: unknown = JSON.parse(row.file);
  const edited = await editedOf(ctx.database, row);
  const taken = edited ? new Set<string>() : await takenKeys(ctx.database);
  return toDraft(row, file, edited, draftIssues(file, edited, (k) => taken.has(k)));
}

export async function listDrafts(ctx: Context): Promise<DraftSummary[]> {
  const [rows, taken] = await Promise.all([draftsRepo.list(ctx.database), takenKeys(ctx.database)]);
  const out: DraftSummary[] = [];
  for (const row of rows) {
    const file: unknown = JSON.parse(row.file);
    const edited = await editedOf(ctx.database, row);
    const { file: _file, issues, ...rest } = toDraft(row, file, edited, draftIssues(file, edited, (k) => taken.has(k)));
    out.push({ ...rest, key: keyOf(file), name: nameOf(file), problems: issues.length });
  }
  return out;
}

/** The campaign file of a stored campaign in the file's own field order (jsonb keeps its own). */
const fileOf = (row: CampaignRow): CampaignSpec => campaignSpecSchema.parse(row.spec);

/**
 * A new draft: from a template (this year in Shanghai), as next year's copy
 * of a campaign, or editing a campaign (its one open draft, if it has one
 * already: `created` is then false). A new campaign's key is made unique
 * among the campaigns and the other drafts, so applying it overwrites nothing.
 */
export async function createDraft(ctx: Context, body: CreateBody, userId: number): Promise<{ created: boolean; draft: Draft }> {
  const keys = await takenKeys(ctx.database);
  for (const row of await draftsRepo.list(ctx.database)) {
    const key = keyOf(JSON.parse(row.file));
    if (key) keys.add(key);
  }
  const taken = (k: string) => keys.has(k);
  let campaignId: number | null = null;
  let file: CampaignSpec;
  if (body.from === 'template') {
    const spec = campaignTemplate(body.template, { year: Number(shanghaiDate(new Date()).slice(0, 4)) });
    file = { ...spec, key: uniqueKey(spec.key, taken) };
  } else {
    const campaign = await requireCampaign(ctx.database, body.campaign);
    if (body.from === 'copy') file = nextYearCopy(fileOf(campaign), taken);
    else {
      const open = await draftsRepo.byCampaign(ctx.database, campaign.id);
      if (open) return { created: false, draft: await getDraft(ctx, open.id) };
      campaignId = campaign.id;
      file = fileOf(campaign);
    }
  }
  const id = await ctx.database.transaction(async (tx) => {
    const inserted = await draftsRepo.insert(tx, { campaignId, file: JSON.stringify(file), updatedBy: userId });
    if (inserted === undefined) return undefined; // another request opened this campaign's draft first
    await audit(tx, { userId, action: 'draft.create', campaignId, target: file.key, detail: { draft: inserted, ...body } });
    return inserted;
  });
  if (id === undefined) {
    const open = await draftsRepo.byCampaign(ctx.database, campaignId!);
    if (!open) throw new AppError(409, 'DRAFT_CONFLICT', 'The campaign’s draft changed meanwhile; try again');
    return { created: false, draft: await getDraft(ctx, open.id) };
  }
  return { created: true, draft: await getDraft(ctx, id) };
}

/** Saves the whole file (valid or not) if the draft is still at `revision`; answers the draft with every problem. */
export async function saveDraft(ctx: Context, id: number, body: { file?: unknown; revision: number }, userId: number): Promise<Draft> {
  const text = fileText(body.file);
  const saved = await draftsRepo.save(ctx.database, id, body.revision, text, userId);
  if (saved === undefined) {
    const row = await draftsRepo.byId(ctx.database, id);
    if (!row) throw notFound('DRAFT_NOT_FOUND', `No draft ${id}`);
    throw new AppError(409, 'DRAFT_CONFLICT', `The draft was saved meanwhile (revision ${row.revision}, this edit was made from ${body.revision}); reload it and edit again`);
  }
  return getDraft(ctx, id);
}

export async function deleteDraft(ctx: Context, id: number, userId: number): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const row = await draftsRepo.lock(tx, id);
    if (!row) throw notFound('DRAFT_NOT_FOUND', `No draft ${id}`);
    await draftsRepo.delete(tx, id);
    await audit(tx, { userId, action: 'draft.delete', campaignId: row.campaignId, target: keyOf(JSON.parse(row.file)), detail: { draft: id } });
  });
}

/**
 * Applies a draft in one transaction: checks it, imports its file (a new
 * campaign in status draft, or the edited one updated), opens the campaign
 * when asked, deletes the draft. Any refusal leaves everything as it was.
 */
export async function applyDraft(ctx: Context, id: number, body: { open: boolean; revision: number }, userId: number) {
  try {
    return await applyIn(ctx, id, body, userId);
  } catch (err) {
    // Two drafts of one new key applied at the same moment: the second meets the first's campaign at the unique key.
    if (uniqueViolation(err, 'campaigns_key_unique')) throw new AppError(409, 'CAMPAIGN_KEY_TAKEN', 'A campaign with this key was created meanwhile; this draft would overwrite it');
    throw err;
  }
}

async function applyIn(ctx: Context, id: number, { open, revision }: { open: boolean; revision: number }, userId: number) {
  return ctx.database.transaction(async (tx) => {
    const row = await draftsRepo.lock(tx, id);
    if (!row) throw notFound('DRAFT_NOT_FOUND', `No draft ${id}`);
    if (row.revision !== revision) {
      throw new AppError(409, 'DRAFT_CONFLICT', `The draft was saved meanwhile (revision ${row.revision}; this was seen at ${revision}): reload it before applying`);
    }
    const file: unknown = JSON.parse(row.file);
    const edited = await editedOf(tx, row);
    const key = keyOf(file);
    const keyTaken = !edited && key !== null && (await campaignsRepo.byKey(tx, key)) !== undefined;
    const issues = draftIssues(file, edited, () => keyTaken);
    const parsed = parseCampaignSpec(file);
    if (!parsed.ok || issues.some((i) => i.code === 'KEY_FIXED')) throw new AppError(422, 'SPEC_INVALID', `The campaign file has ${issues.length} problem(s)`, issues);
    const taken = issues.filter((i) => i.code === 'KEY_TAKEN');
    if (taken.length) throw new AppError(409, 'CAMPAIGN_KEY_TAKEN', `A campaign with the key "${key}" exists already; this draft would overwrite it`, taken);
    const locked = issues.filter((i) => i.code === 'FIELD_LOCKED');
    if (locked.length) throw new AppError(409, 'CAMPAIGN_FROZEN', `Ballots have been cast in "${key}": only names and texts may change (${locked.length} locked field(s) changed)`, locked);

    const imported = await importSpecIn(tx, parsed.spec, userId, { onlyNew: !edited });
    let campaign = imported.campaign;
    if (open) campaign = summarize(await setStatusIn(tx, imported.row, 'open', userId), campaign.ballots);
    await draftsRepo.delete(tx, id);
    await audit(tx, { userId, action: 'draft.apply', campaignId: imported.row.id, target: imported.row.key, detail: { draft: id, created: imported.created, open } });
    return { created: imported.created, campaign };
  });
}

/** The file of a draft, for the spreadsheet export. */
export async function draftFile(ctx: Context, id: number): Promise<unknown> {
  const row = await draftsRepo.byId(ctx.database, id);
  if (!row) throw notFound('DRAFT_NOT_FOUND', `No draft ${id}`);
  return JSON.parse(row.file);
}
