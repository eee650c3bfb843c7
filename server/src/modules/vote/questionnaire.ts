// What a code's questionnaire looks like, and whether a submission fits it.
// Pure: the committer uses it with a spec in hand. The page the voter sees is
// built by @minping/shared/questionnaire-view (the console's editor previews
// a draft with it too).
import { questionnaireUnits, type CampaignSpec } from '@minping/shared/spec';
import type { BallotSubmission } from '@minping/shared/contracts/vote';

export interface QuestionnaireShape {
  units: Set<string>;
  options: Set<string>;
  problems: Set<string> | null;
  comment: boolean;
}

export function shapeOf(spec: CampaignSpec, questionnaireKey: string): QuestionnaireShape | null {
  const q = spec.questionnaires.find((x) => x.key === questionnaireKey);
  if (!q) return null;
  const scale = spec.scales.find((s) => s.key === q.scale)!;
  return {
    units: new Set(questionnaireUnits(spec, q).map((u) => u.key)),
    options: new Set(scale.options.map((o) => o.key)),
    problems: q.problems ? new Set(spec.problems.map((p) => p.key)) : null,
    comment: q.comment,
  };
}

export type BallotIssue = { path: string; message: string };

/** What in a submission does not fit the questionnaire; stops at `max` issues (1: only whether it fits). */
export function checkBallot(shape: QuestionnaireShape, body: BallotSubmission, max = Infinity): BallotIssue[] {
  const issues: BallotIssue[] = [];
  const full = () => issues.length >= max;
  const rated = Object.entries(body.ratings);
  if (!rated.length) issues.push({ path: 'ratings', message: 'rate at least one unit' });
  for (const [unit, option] of rated) {
    if (full()) return issues.slice(0, max);
    if (!shape.units.has(unit)) issues.push({ path: `ratings.${unit}`, message: `unit "${unit}" is not on this questionnaire` });
    else if (!shape.options.has(option)) issues.push({ path: `ratings.${unit}`, message: `"${option}" is not an option of this scale` });
  }
  for (const [unit, list] of Object.entries(body.problems ?? {})) {
    if (full()) return issues.slice(0, max);
    if (!list.length) continue;
    if (!shape.problems) {
      issues.push({ path: 'problems', message: 'this questionnaire has no problem checklist' });
      break;
    }
    if (!shape.units.has(unit)) issues.push({ path: `problems.${unit}`, message: `unit "${unit}" is not on this questionnaire` });
    if (new Set(list).size !== list.length) issues.push({ path: `problems.${unit}`, message: 'a problem is ticked twice' });
    for (const p of list) if (!shape.problems.has(p)) issues.push({ path: `problems.${unit}`, message: `unknown problem "${p}"` });
  }
  if (body.comment && !shape.comment) issues.push({ path: 'comment', message: 'this questionnaire takes no comment' });
  return issues.slice(0, max);
}

/** Whether a submission fits the questionnaire: the first issue ends the check. */
export const fits = (shape: QuestionnaireShape, body: BallotSubmission) => checkBallot(shape, body, 1).length === 0;
