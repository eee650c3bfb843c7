// The campaign file as the editor holds it: the spec's shape (it may be wrong
// anywhere while the office types), plus the per-questionnaire group weights
// being added to the spec.
import type { CampaignSpec } from '@minping/shared/spec';

export type ScaleOption = CampaignSpec['scales'][number]['options'][number];
export type Problem = CampaignSpec['problems'][number];
export type EditorQuestionnaire = CampaignSpec['questionnaires'][number];
export type EditorSpec = CampaignSpec;

const LISTS = ['phases', 'scales', 'categories', 'units', 'groups', 'problems', 'questionnaires', 'components'] as const;

/** Whether a file has the shape the forms edit (an object with its lists and rules); its values may still be wrong. */
export function editable(file: unknown): file is EditorSpec {
  if (!file || typeof file !== 'object' || Array.isArray(file)) return false;
  const f = file as Record<string, unknown>;
  const rules = f.rules as Record<string, unknown> | undefined;
  return LISTS.every((l) => Array.isArray(f[l])) && !!rules && typeof rules === 'object' && !!rules.warnings && !!rules.fraud;
}
