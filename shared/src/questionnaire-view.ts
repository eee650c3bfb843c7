// The page a voter sees for one questionnaire and one respondent group, built
// from a campaign file. Pure: the server answers GET /vote/:code with it, and
// the console's editor previews a draft with the very same function. A draft
// may still be wrong (a scale or unit key that names nothing): what cannot be
// found is left out of the view rather than thrown on, so the preview keeps
// drawing while the office types.
import { MAX_COMMENT_LENGTH, type QuestionnaireView } from './contracts/vote.js';
import type { CampaignSpec } from './spec.js';

type Named = { key: string; name: string };

/** The units a questionnaire covers, in the file's order for "all", in its own order otherwise; unknown keys skipped. */
function coveredUnits(spec: CampaignSpec, units: CampaignSpec['questionnaires'][number]['units']): CampaignSpec['units'] {
  if (units === 'all') return spec.units;
  const byKey = new Map(spec.units.map((u) => [u.key, u]));
  return units.flatMap((k) => byKey.get(k) ?? []);
}

/** The view of questionnaire `questionnaireKey` for group `groupKey`; null when the file has no such questionnaire. */
export function questionnaireView(spec: CampaignSpec, status: string, questionnaireKey: string, groupKey: string): QuestionnaireView | null {
  const q = spec.questionnaires.find((x) => x.key === questionnaireKey);
  if (!q) return null;
  const scale = spec.scales.find((s) => s.key === q.scale);
  const units = coveredUnits(spec, q.units);
  const group = spec.groups.find((g) => g.key === groupKey);
  const unitView = (u: Named) => ({ key: u.key, name: u.name });
  return {
    campaign: { key: spec.key, name: spec.name, theme: spec.theme, year: spec.year, status },
    questionnaire: { key: q.key, title: q.title, intro: q.intro ?? null, problems: q.problems, comment: q.comment },
    group: { key: groupKey, name: group?.name ?? groupKey },
    scale: (scale?.options ?? []).map((o) => ({ key: o.key, label: o.label, points: o.points })),
    categories: spec.categories
      .map((c) => ({ key: c.key, name: c.name, units: units.filter((u) => u.category === c.key).map(unitView) }))
      .filter((c) => c.units.length > 0),
    problems: q.problems ? spec.problems.map((p) => ({ key: p.key, label: p.label })) : [],
    maxCommentLength: MAX_COMMENT_LENGTH,
  };
}
