// An inspection visit (明查暗访) as the inspector types it on a phone, and the
// body POST /inspections wants. Pure, so it is tested without a browser.
import type { InspectionKind } from '../../../lib/console/types';
import type { ApiRoutes } from '@minping/shared/contracts/routes';

export const KINDS: readonly InspectionKind[] = ['open', 'undercover', 'phone'];

export interface FindingForm {
  /** A problem key of the campaign, or '' for none. */
  problem: string;
  description: string;
  photos: { id: number }[];
}

export interface VisitForm {
  campaign: string;
  unit: string;
  place: string;
  visitedOn: string;
  kind: InspectionKind;
  summary: string;
  findings: FindingForm[];
}

export const blankFinding = (): FindingForm => ({ problem: '', description: '', photos: [] });

export interface UnitChoice {
  key: string;
  name: string;
  category?: string;
}

/** The campaign to start on: the first one open for voting, else the newest. */
export function defaultCampaign(campaigns: readonly { key: string; status: string }[]): string {
  return (campaigns.find((c) => c.status === 'open') ?? campaigns[0])?.key ?? '';
}

/**
 * The units an inspector may pick: the campaign's, kept to those the office
 * assigned when it assigned any; without the campaign's list, the assigned ones.
 */
export function unitsFor(campaignUnits: readonly UnitChoice[] | null, assigned: readonly { key: string; name: string }[]): UnitChoice[] {
  if (!campaignUnits) return [...assigned];
  if (!assigned.length) return [...campaignUnits];
  const mine = new Set(assigned.map((u) => u.key));
  return campaignUnits.filter((u) => mine.has(u.key));
}

export type VisitCheck = { body: ApiRoutes['POST /inspections']['body'] } | { problems: string[] };

/** Findings left empty are dropped; a finding with photos but no words is not. */
export function visitBody(f: VisitForm, today: string): VisitCheck {
  const problems: string[] = [];
  if (!f.campaign) problems.push('inspect.problem.campaign');
  if (!f.unit) problems.push('inspect.problem.unit');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.visitedOn)) problems.push('inspect.problem.date');
  else if (f.visitedOn > today) problems.push('inspect.problem.future');
  const findings = f.findings.filter((x) => x.description.trim() || x.photos.length);
  if (findings.some((x) => !x.description.trim())) problems.push('inspect.problem.finding');
  if (problems.length) return { problems };
  const place = f.place.trim();
  const summary = f.summary.trim();
  return {
    body: {
      campaign: f.campaign,
      unit: f.unit,
      ...(place ? { place } : {}),
      visitedOn: f.visitedOn,
      kind: f.kind,
      ...(summary ? { summary } : {}),
      findings: findings.map((x) => ({ ...(x.problem ? { problem: x.problem } : {}), description: x.description.trim(), photoIds: x.photos.map((p) => p.id) })),
    },
  };
}
