// The results area's requests. Board data is kept for a minute, so moving
// between the board and a unit's page does not fetch the rankings again.
import { get } from '../../../lib/api';
import type { BoardResults, CampaignSpec, CampaignSummary, OpenData, PublicResults, PublishedCampaign, Trend } from './types';

const TIMEOUT = { timeoutMs: 30_000 };
const KEEP_MS = 60_000;
const kept = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(path: string): Promise<T> {
  const hit = kept.get(path);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.value as Promise<T>;
  const value = get<T>(path, TIMEOUT);
  value.catch(() => kept.delete(path));
  kept.set(path, { at: Date.now(), value });
  return value;
}

const enc = encodeURIComponent;

export const boardResults = (campaign: string) => cached<BoardResults>(`/campaigns/${enc(campaign)}/results`);
export const campaignSummary = (campaign: string) => cached<CampaignSummary>(`/campaigns/${enc(campaign)}`);
export const campaignSpec = (campaign: string) => cached<CampaignSpec>(`/campaigns/${enc(campaign)}/spec`);
export const seriesTrend = (series: string, unit?: string) =>
  cached<Trend>(`/series/${enc(series)}/trend${unit ? `?unit=${enc(unit)}` : ''}`);

export const publishedCampaigns = () => get<PublishedCampaign[]>('/public/campaigns', TIMEOUT);
const v = (version?: number) => (version ? `?version=${version}` : '');
export const publicResults = (campaign: string, version?: number) => get<PublicResults>(`/public/campaigns/${enc(campaign)}/results${v(version)}`, TIMEOUT);
export const openData = (campaign: string, version?: number) => get<OpenData>(`/public/campaigns/${enc(campaign)}/open-data.json${v(version)}`, TIMEOUT);
export const openDataHref = (campaign: string, format: 'json' | 'csv', version?: number) => `/api/v1/public/campaigns/${enc(campaign)}/open-data.${format}${v(version)}`;

/** ?version=N from the address, if any. */
export function versionFromSearch(search: string): number | undefined {
  const n = Number(new URLSearchParams(search).get('version'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
