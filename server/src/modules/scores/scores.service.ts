// Entered components (日常考评 and the like) and vetoes (一票否决): every entry
// is kept with who and when; the last one wins. Each change marks the
// campaign's inputs changed, so a lost recompute job is found again.
import { parse } from 'csv-parse/sync';
import type { Context } from '../../context.js';
import type { Queryable, Tx } from '../../infra/db.js';
import { AppError, notFound } from '../../lib/errors.js';
import { scoreValueSchema, type CsvRowIssueCode } from '@minping/shared/contracts/scores';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { touchTallies } from '../ballots/tallies.repo.js';
import { requestRecomputeAfterCommit } from '../results/recompute.service.js';
import type { CampaignRow } from '../campaigns/campaigns.repo.js';
import { audit } from '../audit/audit.repo.js';
import { scoresRepo } from './scores.repo.js';

type Entry = { unit: string; score: string; note?: string };

function requireEnteredComponent(campaign: CampaignRow, component: string) {
  const c = campaign.spec.components.find((x) => x.key === component);
  if (!c) throw notFound('COMPONENT_UNKNOWN', `No component "${component}" in ${campaign.key}`);
  if (c.source !== 'entered') throw new AppError(409, 'COMPONENT_NOT_ENTERED', `"${component}" is fed by ballots; its scores cannot be entered`);
  return c;
}

/** `where` names where each unit came from in the request, so the error points at it (same form as validation paths). */
function checkUnits(campaign: CampaignRow, units: { unit: string; where: string }[]) {
  const known = new Set(campaign.spec.units.map((u) => u.key));
  const bad = units.filter((e) => !known.has(e.unit));
  if (bad.length) {
    throw new AppError(422, 'UNIT_UNKNOWN', `Unknown unit(s): ${bad.slice(0, 5).map((e) => e.unit).join(', ')}`,
      bad.map((e) => ({ path: e.where, message: `unknown unit "${e.unit}"` })));
  }
}
const inBody = (entries: Entry[]) => entries.map((e, i) => ({ unit: e.unit, where: `body.scores.${i}.unit` }));
const inPath = (unit: string) => [{ unit, where: 'params.unit' }];

/** Marks the inputs changed (the reconciler's record) and asks for a recompute once committed. */
async function afterChange(ctx: Context, tx: Tx, campaignId: number) {
  await touchTallies(tx, [campaignId]);
  requestRecomputeAfterCommit(ctx, tx, campaignId);
}

/** Scores compare as numbers: "90" and "90.00" are the same entry. */
const same = (a: string | null, b: string) => a !== null && Number(a) === Number(b);

export async function enterScores(ctx: Context, campaignKey: string, component: string, entries: Entry[], userId: number, source: 'api' | 'csv') {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  requireEnteredComponent(campaign, component);
  checkUnits(campaign, inBody(entries));
  await ctx.database.transaction(async (tx) => {
    await scoresRepo.lockComponent(tx, campaign.id, component);
    await enterIn(ctx, tx, campaign.id, component, entries, userId, source);
  });
  return listScores(ctx, campaignKey, component);
}

/** Enters scores within `tx`, which holds the component's lock (scoresRepo.lockComponent). */
async function enterIn(ctx: Context, tx: Tx, campaignId: number, component: string, entries: Entry[], userId: number, source: 'api' | 'csv') {
  await scoresRepo.enter(tx, campaignId, component, entries, source, userId);
  await audit(tx, { userId, action: `scores.${source === 'csv' ? 'upload' : 'enter'}`, campaignId, target: component, detail: { scores: entries } });
  await afterChange(ctx, tx, campaignId);
}

export async function listScores(ctx: Context, campaignKey: string, component: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  requireEnteredComponent(campaign, component);
  const rows = new Map((await scoresRepo.latest(ctx.database, campaign.id, component)).map((r) => [r.unit, r]));
  return campaign.spec.units.map((u) => {
    const r = rows.get(u.key);
    return {
      unit: u.key,
      unitName: u.name,
      score: r?.score ?? null,
      enteredAt: r ? new Date(r.entered_at).toISOString() : null,
      enteredBy: r?.entered_by ?? null,
      entries: r?.entries ?? 0,
    };
  });
}

export async function scoreHistory(ctx: Context, campaignKey: string, component: string, unit: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  requireEnteredComponent(campaign, component);
  checkUnits(campaign, inPath(unit));
  const rows = await scoresRepo.history(ctx.database, campaign.id, component, unit);
  return rows.map((r) => ({ score: r.score, note: r.note, source: r.source, enteredAt: new Date(r.enteredAt).toISOString(), enteredBy: r.enteredBy }));
}

/** A cell as a problem names it back: a long one cut short, so a hostile file's answer stays small. */
const shownCell = (cell: string) => {
  const chars = Array.from(cell); // by code point: never half a surrogate pair
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : cell;
};

/** A problem of a CSV file, as a detail of 422 CSV_INVALID. */
type CsvProblem = { path: string; message: string; code: CsvRowIssueCode; params: Record<string, string | number> };

/** Problems of a CSV file listed one by one; past these, one more entry says how many were left out. */
export const CSV_PROBLEMS_LISTED = 200;

/**
 * CSV upload: `unit,score[,note]` with a header row. With dryRun, nothing is
 * stored and the answer says what would change; otherwise the changed rows are
 * entered. Any bad row rejects the whole file; a row with no score leaves its
 * unit as it is.
 */
export async function uploadCsv(ctx: Context, campaignKey: string, component: string, text: string, dryRun: boolean, userId: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  requireEnteredComponent(campaign, component);
  // info: each record keeps the line it came from, so blank lines do not shift line numbers.
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // (csv-parse's types do not model the info option's record shape.)
    records = parse(text.replace(/^\ufeff/, ''), { skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (err) {
    throw new AppError(400, 'CSV_INVALID', `Not a readable CSV file: ${(err as Error).message}`);
  }
  if (!records.length) throw new AppError(400, 'CSV_INVALID', 'The file is empty');
  const header = records[0].record.map((h) => h.toLowerCase());
  const ui = header.indexOf('unit');
  const si = header.indexOf('score');
  const ni = header.indexOf('note');
  if (ui < 0 || si < 0) throw new AppError(400, 'CSV_INVALID', 'The first row must name the columns: unit,score[,note]');
  // Each problem with a code and the values its sentence names, so the console
  // says it in the reader's language; in line order, as the clerk reads the file.
  const problems: CsvProblem[] = [];
  const entries: (Entry & { line: number })[] = [];
  const units = new Map(campaign.spec.units.map((u) => [u.key, u.name]));
  const seen = new Map<string, number>();
  for (const { record: r, info } of records.slice(1)) {
    const line = info.lines;
    const unit = r[ui] ?? '';
    const cell = r[si] ?? '';
    if (!unit && !cell) continue; // a row of empty cells
    const known = units.has(unit);
    if (!unit) {
      problems.push({ path: `line ${line}.unit`, message: 'no unit', code: 'CSV_UNIT_MISSING', params: { line } });
    } else if (!known) {
      problems.push({ path: `line ${line}.unit`, message: `unknown unit "${shownCell(unit)}"`, code: 'CSV_UNIT_UNKNOWN', params: { line, unit: shownCell(unit) } });
    }
    // No score: the unit is left as it is (the template lists every unit, with a blank where none is entered yet).
    if (!cell) continue;
    const first = known ? seen.get(unit) : undefined;
    if (first !== undefined) {
      problems.push({ path: `line ${line}.unit`, message: `unit "${unit}" appears twice (first on line ${first})`, code: 'CSV_UNIT_TWICE', params: { line, unit, first } });
    } else if (known) seen.set(unit, line);
    const parsed = scoreValueSchema.safeParse(cell);
    if (!parsed.success) {
      problems.push({ path: `line ${line}.score`, message: parsed.error.issues[0].message, code: 'CSV_SCORE_INVALID', params: { line, value: shownCell(cell) } });
    } else if (known && first === undefined) entries.push({ unit, score: parsed.data, note: ni >= 0 ? r[ni] : undefined, line });
  }
  if (problems.length) {
    // A wrong file can have a problem on every line: the first ones say what is wrong, and the answer stays small.
    const listed = problems.slice(0, CSV_PROBLEMS_LISTED);
    const more = problems.length - listed.length;
    if (more > 0) listed.push({ path: '(file)', message: `and ${more} more problem(s)`, code: 'CSV_MORE_PROBLEMS', params: { more } });
    throw new AppError(422, 'CSV_INVALID', `The file has ${problems.length} problem(s); nothing was stored`, listed);
  }
  // What would change against the scores as they stand: read under the
  // component's lock when entering, so two uploads of one file at once (a
  // double click) enter its changes once, the second finding nothing changed.
  const changesFrom = async (db: Queryable) => {
    const current = new Map((await scoresRepo.latest(db, campaign.id, component)).map((r) => [r.unit, r.score]));
    return entries
      .filter((e) => !same(current.get(e.unit) ?? null, e.score))
      .map((e) => ({ unit: e.unit, unitName: units.get(e.unit)!, from: current.get(e.unit) ?? null, to: e.score }));
  };
  const changes = dryRun
    ? await changesFrom(ctx.database)
    : await ctx.database.transaction(async (tx) => {
        await scoresRepo.lockComponent(tx, campaign.id, component);
        const found = await changesFrom(tx);
        const changed = new Set(found.map((c) => c.unit));
        if (found.length) await enterIn(ctx, tx, campaign.id, component, entries.filter((e) => changed.has(e.unit)).map(({ line: _line, ...e }) => e), userId, 'csv');
        return found;
      });
  return { applied: !dryRun && changes.length > 0, changes, unchanged: entries.length - changes.length };
}

// ---- vetoes -----------------------------------------------------------------

export async function setVeto(ctx: Context, campaignKey: string, unit: string, reason: string, userId: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  checkUnits(campaign, inPath(unit));
  await ctx.database.transaction(async (tx) => {
    await scoresRepo.revokeVeto(tx, campaign.id, unit, userId);
    await scoresRepo.setVeto(tx, campaign.id, unit, reason, userId);
    await audit(tx, { userId, action: 'veto.set', campaignId: campaign.id, target: unit, detail: { reason } });
    await afterChange(ctx, tx, campaign.id);
  });
  return listVetoes(ctx, campaignKey);
}

export async function revokeVeto(ctx: Context, campaignKey: string, unit: string, userId: number) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  checkUnits(campaign, inPath(unit));
  await ctx.database.transaction(async (tx) => {
    const rows = await scoresRepo.revokeVeto(tx, campaign.id, unit, userId);
    if (!rows.length) throw notFound('NOT_FOUND', `No veto on "${unit}"`);
    await audit(tx, { userId, action: 'veto.revoke', campaignId: campaign.id, target: unit });
    await afterChange(ctx, tx, campaign.id);
  });
}

export async function listVetoes(ctx: Context, campaignKey: string) {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const rows = await scoresRepo.vetoes(ctx.database, campaign.id);
  return rows.map((r) => ({ unit: r.unit, reason: r.reason, setAt: new Date(r.setAt).toISOString(), setBy: r.setBy }));
}
