// The campaign spec file (specVersion 1): the form in which an office keeps a
// year's setup under version control. Field names and meanings are fixed by
// the spec README; optional fields added here are marked "product addition".
import { z } from 'zod';

export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const key = z.string().regex(KEY_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{0,63}$');
const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');

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
  maxBallotsPerDevice: z.number().int().min(1),
  maxBallotsPerAddressPerMinute: z.number().int().min(1),
  minSecondsPerBallot: z.number().min(0),
  // product addition: a ballot rating at least this many units, all with the
  // same option, is flagged as straight-lining.
  straightLiningMinUnits: z.number().int().min(2).optional(),
  // product addition: rules listed here are switched off for this campaign.
  disabled: z.array(z.enum(FRAUD_RULES)).optional(),
});

export const rulesSchema = z.strictObject({
  minValidRatings: z.number().int().min(0),
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

export interface SpecIssue {
  /** JSON path of the offending value, e.g. "units[3].category". */
  path: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

function uniqueKeys(list: ReadonlyArray<{ key: string }>, at: string, issues: SpecIssue[]) {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const first = seen.get(item.key);
    if (first !== undefined) issues.push({ path: `${at}[${i}].key`, message: `duplicate key "${item.key}" (first at ${at}[${first}])` });
    else seen.set(item.key, i);
  });
}

/** The rules zod cannot state field by field: uniqueness, references, sums. */
export function checkSpecSemantics(spec: CampaignSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const list of ['phases', 'scales', 'categories', 'units', 'groups', 'problems', 'questionnaires', 'components'] as const) {
    uniqueKeys(spec[list], list, issues);
  }
  spec.phases.forEach((p, i) => {
    if (p.end < p.start) issues.push({ path: `phases[${i}].end`, message: `phase ends (${p.end}) before it starts (${p.start})` });
  });
  spec.scales.forEach((s, i) => {
    uniqueKeys(s.options, `scales[${i}].options`, issues);
    const scored = s.options.filter((o) => o.points !== null).length;
    const unknown = s.options.length - scored;
    if (scored < 2) issues.push({ path: `scales[${i}].options`, message: 'a scale needs at least two options with points' });
    if (unknown > 1) issues.push({ path: `scales[${i}].options`, message: 'at most one option may have points: null (不了解)' });
  });
  const categories = new Set(spec.categories.map((c) => c.key));
  spec.units.forEach((u, i) => {
    if (!categories.has(u.category)) issues.push({ path: `units[${i}].category`, message: `unknown category "${u.category}"` });
  });
  const scales = new Set(spec.scales.map((s) => s.key));
  const units = new Set(spec.units.map((u) => u.key));
  spec.questionnaires.forEach((q, i) => {
    if (!scales.has(q.scale)) issues.push({ path: `questionnaires[${i}].scale`, message: `unknown scale "${q.scale}"` });
    if (Array.isArray(q.units)) {
      const seen = new Set<string>();
      q.units.forEach((k, j) => {
        if (!units.has(k)) issues.push({ path: `questionnaires[${i}].units[${j}]`, message: `unknown unit "${k}"` });
        if (seen.has(k)) issues.push({ path: `questionnaires[${i}].units[${j}]`, message: `unit "${k}" listed twice` });
        seen.add(k);
      });
    }
    if (q.problems && spec.problems.length === 0) issues.push({ path: `questionnaires[${i}].problems`, message: 'the questionnaire asks for problems but the spec lists none' });
  });
  const questionnaires = new Set(spec.questionnaires.map((q) => q.key));
  spec.components.forEach((c, i) => {
    if (c.source === 'ballots' && !questionnaires.has(c.questionnaire)) issues.push({ path: `components[${i}].questionnaire`, message: `unknown questionnaire "${c.questionnaire}"` });
  });
  // Weights are compared in hundredths so 33.33+33.33+33.34 is exactly 100.
  const total = spec.components.reduce((s, c) => s + Math.round(c.weight * 1e6), 0);
  if (total !== 100 * 1e6) issues.push({ path: 'components', message: `component weights add up to ${total / 1e6}, not 100` });
  if (spec.rules.warnings.red > spec.rules.warnings.yellow) issues.push({ path: 'rules.warnings.red', message: 'red threshold is above yellow' });
  return issues;
}

export type SpecParseResult = { ok: true; spec: CampaignSpec } | { ok: false; issues: SpecIssue[] };

/** Parse and fully validate a campaign file; every problem is reported with its path. */
export function parseCampaignSpec(input: unknown): SpecParseResult {
  const parsed = campaignSpecSchema.safeParse(input);
  if (!parsed.success) {
    // An unknown field is named by its own path, not by the object holding it.
    const issues = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ path: formatPath([...i.path, k]), message: `unknown field "${k}"` }))
        : [{ path: formatPath(i.path), message: i.message }],
    );
    return { ok: false, issues };
  }
  const issues = checkSpecSemantics(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, spec: parsed.data };
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
