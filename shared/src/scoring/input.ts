// Indexes the caller's flat count rows by the keys scoring looks them up by,
// and checks each row against the spec. A campaign's structure is frozen once
// the first ballot is cast, so a row naming a unit, group, option, problem or
// component the spec does not have is a bug upstream; scoring refuses it
// loudly (ScoringInputError) rather than drop ballots from a published score.
import { answersQuestionnaire } from '../group-weights.js';
import type { CampaignSpec } from '../spec.js';
import { Fraction } from './fraction.js';
import { ScoringInputError, type ScoringInput } from './types.js';

/** option key → count, for one questionnaire, unit and group. */
export type OptionCounts = Map<string, number>;
/** group key → option counts, for one questionnaire and unit. */
export type GroupTally = Map<string, OptionCounts>;

export interface IndexedInput {
  /** questionnaire → unit → group → option → count. */
  ratings: Map<string, Map<string, GroupTally>>;
  /** unit → problem → ticks, summed over questionnaires and groups. */
  problems: Map<string, Map<string, number>>;
  /** unit → valid ballots that showed it, summed over questionnaires with problems. */
  problemBallots: Map<string, number>;
  /** `${component}/${unit}` → entered score ('/' cannot occur in a key). */
  entered: Map<string, Fraction>;
  /** unit → veto reason. */
  vetoes: Map<string, string>;
}

const HUNDRED = Fraction.of(100);

export const enteredKey = (component: string, unit: string) => `${component}/${unit}`;

function child<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
}

function add<K>(map: Map<K, number>, key: K, n: number) {
  map.set(key, (map.get(key) ?? 0) + n);
}

function checkCount(count: number, where: string) {
  if (!Number.isSafeInteger(count) || count < 0) throw new ScoringInputError(`${where}: count must be a non-negative integer, got ${count}`);
}

export function indexInput(input: ScoringInput): IndexedInput {
  const { spec } = input;
  const units = new Set(spec.units.map((u) => u.key));
  const groups = new Set(spec.groups.map((g) => g.key));
  const problemKeys = new Set(spec.problems.map((p) => p.key));
  const questionnaires = new Map(spec.questionnaires.map((q) => [q.key, q]));
  const scaleOptions = new Map(spec.scales.map((s) => [s.key, new Set(s.options.map((o) => o.key))]));

  const requireUnit = (unit: string, where: string) => {
    if (!units.has(unit)) throw new ScoringInputError(`${where}: unknown unit "${unit}"`);
  };
  const requireGroup = (group: string, questionnaire: string, where: string) => {
    if (!groups.has(group)) throw new ScoringInputError(`${where}: unknown group "${group}"`);
    // A questionnaire that lists its groups is answered by those only: no code batch of another group can exist for it.
    if (!answersQuestionnaire(spec, questionnaire, group)) throw new ScoringInputError(`${where}: group "${group}" does not answer questionnaire "${questionnaire}"`);
  };
  const requireQuestionnaire = (key: string, where: string) => {
    const q = questionnaires.get(key);
    if (!q) throw new ScoringInputError(`${where}: unknown questionnaire "${key}"`);
    return q;
  };

  const ratings: IndexedInput['ratings'] = new Map();
  input.ratingCounts.forEach((r, i) => {
    const where = `ratingCounts[${i}]`;
    const q = requireQuestionnaire(r.questionnaire, where);
    requireUnit(r.unit, where);
    requireGroup(r.group, r.questionnaire, where);
    if (!scaleOptions.get(q.scale)?.has(r.option)) throw new ScoringInputError(`${where}: option "${r.option}" is not on scale "${q.scale}"`);
    checkCount(r.count, where);
    const byGroup = child(child(ratings, r.questionnaire, () => new Map()), r.unit, () => new Map());
    // Repeated rows for the same cell add up, so callers may pass partial sums.
    add(child(byGroup, r.group, () => new Map()), r.option, r.count);
  });

  const problems: IndexedInput['problems'] = new Map();
  (input.problemCounts ?? []).forEach((p, i) => {
    const where = `problemCounts[${i}]`;
    const q = requireQuestionnaire(p.questionnaire, where);
    if (!q.problems) throw new ScoringInputError(`${where}: questionnaire "${q.key}" has no problem checklist`);
    requireUnit(p.unit, where);
    requireGroup(p.group, p.questionnaire, where);
    if (!problemKeys.has(p.problem)) throw new ScoringInputError(`${where}: unknown problem "${p.problem}"`);
    checkCount(p.count, where);
    add(child(problems, p.unit, () => new Map()), p.problem, p.count);
  });

  const problemBallots: IndexedInput['problemBallots'] = new Map();
  (input.ballotCounts ?? []).forEach((b, i) => {
    const where = `ballotCounts[${i}]`;
    const q = requireQuestionnaire(b.questionnaire, where);
    requireUnit(b.unit, where);
    checkCount(b.count, where);
    // Ballots of a form without a checklist could not have ticked a problem,
    // so they would only dilute the shares.
    if (q.problems) add(problemBallots, b.unit, b.count);
  });

  const components = new Map(spec.components.map((c) => [c.key, c]));
  const entered: IndexedInput['entered'] = new Map();
  input.entered.forEach((e, i) => {
    const where = `entered[${i}]`;
    const c = components.get(e.component);
    if (!c) throw new ScoringInputError(`${where}: unknown component "${e.component}"`);
    if (c.source !== 'entered') throw new ScoringInputError(`${where}: component "${c.key}" is fed by ballots, not entered`);
    requireUnit(e.unit, where);
    let score: Fraction;
    try {
      score = Fraction.fromDecimalString(e.score);
    } catch {
      throw new ScoringInputError(`${where}: score ${JSON.stringify(e.score)} is not a decimal number`);
    }
    if (score.compare(Fraction.ZERO) < 0 || score.compare(HUNDRED) > 0) throw new ScoringInputError(`${where}: score ${e.score} is outside 0–100`);
    // The caller passes the latest entry per component and unit; should it
    // pass several, the later one in the list wins, as the rule says.
    entered.set(enteredKey(e.component, e.unit), score);
  });

  const vetoes: IndexedInput['vetoes'] = new Map();
  input.vetoes.forEach((v, i) => {
    requireUnit(v.unit, `vetoes[${i}]`);
    // One veto per unit is what the office sets; a later one replaces it.
    vetoes.set(v.unit, v.reason);
  });

  return { ratings, problems, problemBallots, entered, vetoes };
}

/** Scale option points as exact fractions, keyed by option; null = 不了解. */
export function scalePoints(spec: CampaignSpec, scaleKey: string): Map<string, Fraction | null> {
  const scale = spec.scales.find((s) => s.key === scaleKey);
  if (!scale) throw new ScoringInputError(`unknown scale "${scaleKey}"`);
  return new Map(scale.options.map((o) => [o.key, o.points === null ? null : Fraction.fromNumber(o.points)]));
}
