// The campaign spec file (specVersion 1): the form in which an office keeps a
// year's setup under version control. Field names and meanings are fixed by
// the spec README; optional fields added here are marked "product addition".
// Every field is described in docs/spec.md.
import { z } from 'zod';
import { INT4_MAX } from './contracts/integers.js';
import { fromZodIssue, readJsonText, type SpecIssue } from './spec-issues.js';
import { checkSpecSemantics, DATE_PATTERN, isRealDate } from './spec-checks.js';

export { formatPath, SPEC_ISSUE_CODES, type SpecIssue, type SpecIssueCode, type SpecIssueParamMap } from './spec-issues.js';
export { checkSpecSemantics } from './spec-checks.js';

export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
// A mismatch of each pattern is one issue code (zod reports the pattern, not a name).
const PATTERN_CODES = new Map([
  [String(KEY_PATTERN), 'KEY_INVALID'],
  [String(DATE_PATTERN), 'DATE_INVALID'],
] as const);

const key = z.string().regex(KEY_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{0,63}$');
const text = (max: number) => z.string().trim().min(1).max(max);
// abort: a text that is not YYYY-MM-DD is one problem, not also "not a real date".
const isoDate = z
  .string()
  .regex(DATE_PATTERN, { message: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isRealDate, { message: 'not a real date', params: { code: 'DATE_INVALID' } });

export const phaseSchema = z.strictObject({
  key,
  name: text(100),
  start: isoDate,
  end: isoDate,
});

export const scaleOptionSchema = z.strictObject({
  key,
  label: text(50),
  // null marks the one "don't know" option (不了解): shown, never averaged.
  points: z.number().finite().min(0).max(1000).nullable(),
});

export const scaleSchema = z.strictObject({
  key,
  options: z.array(scaleOptionSchema).min(2).max(12),
});

export const categorySchema = z.strictObject({
  key,
  name: text(100),
  top: z.number().int().min(0).max(10000),
  bottom: z.number().int().min(0).max(10000),
});

export const unitSchema = z.strictObject({
  key,
  name: text(200),
  category: key,
});

export const groupSchema = z.strictObject({
  key,
  name: text(100),
  weight: z.number().finite().positive().max(1_000_000),
});

export const problemSchema = z.strictObject({
  key,
  label: text(200),
});

export const questionnaireSchema = z.strictObject({
  key,
  title: text(200),
  intro: z.string().max(4000).optional(),
  scale: key,
  units: z.union([z.literal('all'), z.array(key).min(1)]),
  problems: z.boolean(),
  comment: z.boolean(),
  // product addition: the groups that answer this questionnaire and their
  // weights in it; without it, every group answers it with its campaign
  // weight. A list (not an object keyed by group) so the file's order
  // survives jsonb, which reorders object keys.
  groupWeights: z
    .array(z.strictObject({ group: key, weight: z.number().finite().positive().max(1_000_000) }))
    .min(1)
    .optional(),
});

export const componentSchema = z.discriminatedUnion('source', [
  z.strictObject({
    key,
    name: text(100),
    weight: z.number().finite().min(0).max(100),
    source: z.literal('entered'),
  }),
  z.strictObject({
    key,
    name: text(100),
    weight: z.number().finite().min(0).max(100),
    source: z.literal('ballots'),
    questionnaire: key,
  }),
]);

export const FRAUD_RULES = ['device', 'burst', 'too-fast', 'straight-lining'] as const;
export type FraudRule = (typeof FRAUD_RULES)[number];

export const fraudSchema = z.strictObject({
  maxBallotsPerDevice: z.number().int().min(1).max(INT4_MAX),
  maxBallotsPerAddressPerMinute: z.number().int().min(1).max(INT4_MAX),
  minSecondsPerBallot: z.number().min(0),
  // product addition: a ballot rating at least this many units, all with the
  // same option, is flagged as straight-lining.
  straightLiningMinUnits: z.number().int().min(2).max(INT4_MAX).optional(),
  // product addition: rules listed here are switched off for this campaign.
  disabled: z.array(z.enum(FRAUD_RULES)).optional(),
});

export const rulesSchema = z.strictObject({
  minValidRatings: z.number().int().min(0).max(INT4_MAX),
  warnings: z.strictObject({ red: z.number().finite(), yellow: z.number().finite() }),
  decimals: z.number().int().min(0).max(6),
  fraud: fraudSchema,
  // product addition: share (0–1) of a unit's ballots ticking one problem
  // above which the problem is reported as prominent for that unit.
  problemTaskThreshold: z.number().min(0).max(1).optional(),
});

export const campaignSpecSchema = z.strictObject({
  specVersion: z.literal(1),
  key,
  series: key,
  name: text(200),
  theme: z.string().max(500),
  year: z.number().int().min(1990).max(2200),
  locale: z.string().min(2).max(20),
  phases: z.array(phaseSchema).min(1),
  scales: z.array(scaleSchema).min(1),
  categories: z.array(categorySchema).min(1),
  units: z.array(unitSchema).min(1).max(5000),
  groups: z.array(groupSchema).min(1).max(50),
  problems: z.array(problemSchema),
  questionnaires: z.array(questionnaireSchema).min(1),
  components: z.array(componentSchema).min(1),
  rules: rulesSchema,
});

export type CampaignSpec = z.infer<typeof campaignSpecSchema>;
export type Scale = z.infer<typeof scaleSchema>;
export type Questionnaire = z.infer<typeof questionnaireSchema>;
export type Component = z.infer<typeof componentSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Group = z.infer<typeof groupSchema>;
export type QuestionnaireGroupWeight = NonNullable<Questionnaire['groupWeights']>[number];

export type SpecParseResult = { ok: true; spec: CampaignSpec } | { ok: false; issues: SpecIssue[] };

// Problems are listed in the file's order: by top-level field, then by item.
const TOP_FIELDS: readonly string[] = Object.keys(campaignSpecSchema.shape);
function place(path: string): [number, number] {
  if (path === '(root)') return [-1, -1];
  const m = /^([^.[]+)(?:\[(\d+)\])?/.exec(path);
  const top = m ? TOP_FIELDS.indexOf(m[1]) : -1;
  return [top < 0 ? TOP_FIELDS.length : top, m?.[2] ? Number(m[2]) : -1];
}

/** Issues in the file's order: by top-level field, then by item (stable within one place). */
export function inFileOrder(issues: SpecIssue[]): SpecIssue[] {
  return issues
    .map((issue, n) => ({ issue, n, at: place(issue.path) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.n - b.n)
    .map((x) => x.issue);
}

/**
 * Parse and fully validate a campaign file: every problem, of the schema and
 * of the rules across fields, in one answer, each with its path, a stable
 * code and the code's parameters.
 */
export function parseCampaignSpec(input: unknown): SpecParseResult {
  const parsed = campaignSpecSchema.safeParse(input);
  const schemaIssues = parsed.success ? [] : parsed.error.issues.flatMap((i) => fromZodIssue(i, input, PATTERN_CODES));
  // A field the schema already refused is not named again by a rule across fields.
  const named = new Set(schemaIssues.map((i) => i.path));
  const ruleIssues = checkSpecSemantics(input).filter((i) => !named.has(i.path));
  const issues = inFileOrder([...schemaIssues, ...ruleIssues]);
  if (issues.length || !parsed.success) return { ok: false, issues };
  return { ok: true, spec: parsed.data };
}

/** A campaign file's text (JSON, a leading BOM allowed), parsed and validated: a text that is not JSON is one issue saying where. */
export function parseCampaignFile(text: string): SpecParseResult {
  const read = readJsonText(text);
  return read.ok ? parseCampaignSpec(read.value) : { ok: false, issues: [read.issue] };
}

/** Units a questionnaire asks about, in spec order. */
export function questionnaireUnits(spec: CampaignSpec, q: Questionnaire): Unit[] {
  if (q.units === 'all') return spec.units;
  const byKey = new Map(spec.units.map((u) => [u.key, u]));
  return q.units.map((k) => byKey.get(k)!);
}

/** Campaigns of a series are ordered by their first phase's start. */
export function firstPhaseStart(spec: CampaignSpec): string {
  return spec.phases.reduce((min, p) => (p.start < min ? p.start : min), spec.phases[0].start);
}
