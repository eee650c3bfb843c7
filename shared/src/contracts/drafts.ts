// The campaign editor's working copies (草稿). A draft holds a campaign file
// as the office is writing it: any JSON, saved as it is typed, checked on
// every save and answered with every problem it has (codes and parameters
// from ../spec-issues.ts). Applying a draft imports its file: a new campaign
// is created in status "draft", an existing one is updated (after its first
// ballot only names and texts). Opening stays a separate, confirmed step.
import { z } from 'zod';
import { int4, rowIdParam } from './integers.js';
import { KEY_PATTERN } from '../spec.js';
import { CAMPAIGN_STATUSES, importResultSchema } from './campaigns.js';

/** The templates a draft can start from, drawn from the seeds. */
export const CAMPAIGN_TEMPLATES = ['blank', 'nantong', 'fuling', 'ningbo'] as const;
export type CampaignTemplate = (typeof CAMPAIGN_TEMPLATES)[number];

const key = z.string().regex(KEY_PATTERN);

/** Where a new draft starts. */
export const createDraftBodySchema = z.discriminatedUnion('from', [
  /** A template (blank: one category, one group, one questionnaire, the common defaults). */
  z.strictObject({ from: z.literal('template'), template: z.enum(CAMPAIGN_TEMPLATES) }),
  /** Next year's campaign of the same series: unit, category, group and problem keys kept, dates moved a year on. */
  z.strictObject({ from: z.literal('copy'), campaign: key }),
  /** Editing an existing campaign's file (one open draft per campaign: asking again returns it). */
  z.strictObject({ from: z.literal('campaign'), campaign: key }),
]);

export const specIssueSchema = z.object({
  path: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.unknown()),
  message: z.string(),
});

/** The campaign a draft edits, when it edits one. */
export const draftCampaignSchema = z.object({
  key: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  ballots: z.number(),
  /** Ballots exist: only names and texts (name, label, title, intro, theme) may change. */
  frozen: z.boolean(),
});

export const draftSchema = z.object({
  id: z.number(),
  /** The working campaign file, as last saved (it may not be valid yet). */
  file: z.unknown(),
  /** Every problem of `file`, in the file's order; empty when it can be applied. */
  issues: z.array(specIssueSchema),
  /** The existing campaign this draft edits (null for a new one). */
  campaign: draftCampaignSchema.nullable(),
  /** Increases on every save; a save must name the revision it was made from. */
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type Draft = z.infer<typeof draftSchema>;

export const draftSummarySchema = draftSchema.pick({ id: true, campaign: true, revision: true, createdAt: true, updatedAt: true, updatedBy: true }).extend({
  /** The file's key and name as far as they can be read, for the list. */
  key: z.string().nullable(),
  name: z.string().nullable(),
  problems: z.number(),
});

export const draftParamsSchema = z.object({ id: rowIdParam() });

/** A save: the whole working file, and the revision it was edited from (409 DRAFT_CONFLICT if another save came between). */
export const saveDraftBodySchema = z.strictObject({ file: z.unknown(), revision: int4() });

/**
 * Apply the draft (import its file); with open: true, also open the campaign in
 * the same step. `revision` is the one the office saw: a save from elsewhere in
 * between answers 409 DRAFT_CONFLICT, so nobody applies or opens a file they did not see.
 */
export const applyDraftBodySchema = z.strictObject({ open: z.boolean().default(false), revision: int4() });
export const applyDraftResultSchema = importResultSchema;

/** Why a spreadsheet row could not be read as a unit (stable; the editor words them). */
export const UNIT_ROW_ISSUE_CODES = [
  /** params: {} — a row with a category or key but no 单位名称. */
  'NAME_MISSING',
  /** params: { maximum } */
  'NAME_TOO_LONG',
  /** params: { value } — 编码 not of the form ^[a-z0-9][a-z0-9-]{0,63}$ (upper case is lowered first). */
  'KEY_INVALID',
  /** params: { key, first } — first: the row that has it already. */
  'DUPLICATE_KEY',
  /** params: {} — no 类别, and the draft has more than one category. */
  'CATEGORY_MISSING',
  /** params: { value } — 类别 is neither a name nor a key of the draft's categories. */
  'CATEGORY_UNKNOWN',
  /** params: {} — a cell holds NUL or an unpaired surrogate. */
  'TEXT_INVALID',
  /** params: { maximum } — reading stopped at this row. */
  'TOO_MANY_ROWS',
] as const;
export type UnitRowIssueCode = (typeof UNIT_ROW_ISSUE_CODES)[number];

/**
 * The XLSX upload's query: with `draft`, 类别 is read as a name or a key of
 * that draft's categories and answered as the key (a draft with one category
 * needs no 类别 column); without it, 类别 is answered as written.
 */
export const unitsXlsxQuerySchema = z.object({ draft: rowIdParam().optional() });

/** The units export's query: the header's language (the import reads either). */
export const unitsExportQuerySchema = z.object({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });

/** Units read from a spreadsheet (pasted rows or an XLSX with 单位名称 / 类别 / 编码 columns). */
export const unitRowsSchema = z.object({
  units: z.array(z.object({ key: z.string(), name: z.string(), category: z.string() })),
  /** Rows that could not be read, by row number (1 = the first data row). */
  issues: z.array(z.object({ row: z.number(), code: z.string(), params: z.record(z.string(), z.unknown()), message: z.string() })),
});
export type UnitRows = z.infer<typeof unitRowsSchema>;
