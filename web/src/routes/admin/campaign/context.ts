// What every tab of a campaign page is given.
import type { CampaignSummary } from '@minping/shared/contracts/campaigns';
import type { CampaignSpec } from '@minping/shared/spec';

export interface TabProps {
  campaign: CampaignSummary;
  spec: CampaignSpec;
  /** A tab changed the campaign (texts, status): the page shows the new summary. */
  onchange: (next: CampaignSummary) => void;
}

/** Display names by key, for tables that receive keys. */
export function names(spec: CampaignSpec) {
  return {
    questionnaire: new Map(spec.questionnaires.map((q) => [q.key, q.title])),
    group: new Map(spec.groups.map((g) => [g.key, g.name])),
    unit: new Map(spec.units.map((u) => [u.key, u.name])),
    category: new Map(spec.categories.map((c) => [c.key, c.name])),
  };
}
