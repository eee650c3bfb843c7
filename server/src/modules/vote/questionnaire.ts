// What a code's questionnaire looks like, and whether a submission fits it.
// Pure: the committer and the GET route both use it with a spec in hand.
import { questionnaireUnits, type CampaignSpec } from '@minping/shared/spec';
import { MAX_COMMENT_LENGTH, type BallotSubmission, type QuestionnaireView } from '@minping/shared/contracts/vote';

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

export function checkBallot(shape: QuestionnaireShape, body: BallotSubmission): BallotIssue[] {
  const issues: BallotIssue[] = [];
  const rated = Object.entries(body.ratings);
  if (!rated.length) issues.push({ path: 'ratings', message: 'rate at least one unit' });
  for (const [unit, option] of rated) {
    if (!shape.units.has(unit)) issues.push({ path: `ratings.${unit}`, message: `unit "${unit}" is not on this questionnaire` });
    else if (!shape.options.has(option)) issues.push({ path: `ratings.${unit}`, message: `"${option}" is not an option of this scale` });
  }
  for (const [unit, list] of Object.entries(body.problems ?? {})) {
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
  return issues;
}

export function questionnaireView(spec: CampaignSpec, status: string, questionnaireKey: string, groupKey: string): QuestionnaireView {
  const q = spec.questionnaires.find((x) => x.key === questionnaireKey)!;
  const scale = spec.scales.find((s) => s.key === q.scale)!;
  const units = questionnaireUnits(spec, q);
  const group = spec.groups.find((g) => g.key === groupKey);
  return {
    campaign: { key: spec.key, name: spec.name, theme: spec.theme, year: spec.year, status },
    questionnaire: { key: q.key, title: q.title, intro: q.intro ?? null, problems: q.problems, comment: q.comment },
    group: { key: groupKey, name: group?.name ?? groupKey },
    scale: scale.options.map((o) => ({ key: o.key, label: o.label, points: o.points })),
    categories: spec.categories
      .map((c) => ({ key: c.key, name: c.name, units: units.filter((u) => u.category === c.key).map((u) => ({ key: u.key, name: u.name })) }))
      .filter((c) => c.units.length > 0),
    problems: q.problems ? spec.problems.map((p) => ({ key: p.key, label: p.label })) : [],
    maxCommentLength: MAX_COMMENT_LENGTH,
  };
}
