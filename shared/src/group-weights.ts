// Who answers a questionnaire and with what weight (docs/spec.md, scoring
// rule 1). A questionnaire that lists `groupWeights` is answered by those
// groups only, weighted as listed; one that does not is answered by every
// group with its campaign weight. A listing is whole, never merged with the
// campaign's weights: weights are relative (6/4 means what 60/40 means), and
// a listed 60/40 next to an inherited 30 would not.
// Type-only imports: the results pages read weights with this module and must not download zod.
import type { CampaignSpec } from './spec.js';

export interface GroupWeight {
  group: string;
  weight: number;
}

/** The groups that answer questionnaire `questionnaireKey`, with their weights there, in the listing's order (or the campaign's). */
export function questionnaireGroupWeights(spec: Pick<CampaignSpec, 'groups' | 'questionnaires'>, questionnaireKey: string): GroupWeight[] {
  const q = spec.questionnaires.find((x) => x.key === questionnaireKey);
  if (q?.groupWeights) return q.groupWeights.map((w) => ({ group: w.group, weight: w.weight }));
  return spec.groups.map((g) => ({ group: g.key, weight: g.weight }));
}

/** Whether ballots of `group` may answer questionnaire `questionnaireKey` (a code batch for the pair may exist). */
export function answersQuestionnaire(spec: Pick<CampaignSpec, 'groups' | 'questionnaires'>, questionnaireKey: string, group: string): boolean {
  return questionnaireGroupWeights(spec, questionnaireKey).some((w) => w.group === group);
}
