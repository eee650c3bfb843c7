// The results area's requests. Board data is kept for a minute, so moving
// between the board and a unit's page does not fetch the rankings again.
import { apiCall } from '../../../lib/call';

const TIMEOUT = { timeoutMs: 30_000 };
const KEEP_MS = 60_000;
const kept = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = kept.get(key);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.value as Promise<T>;
  const value = load();
  value.catch(() => kept.delete(key));
  kept.set(key, { at: Date.now(), value });
  return value;
}

export const boardResults = (campaign: string) => cached(`results ${campaign}`, () => apiCall('GET /campaigns/:key/results', { params: { key: campaign } }, TIMEOUT));
export const campaignSummary = (campaign: string) => cached(`summary ${campaign}`, () => apiCall('GET /campaigns/:key', { params: { key: campaign } }, TIMEOUT));
export const campaignSpec = (campaign: string) => cached(`spec ${campaign}`, () => apiCall('GET /campaigns/:key/spec', { params: { key: campaign } }, TIMEOUT));
export const seriesTrend = (series: string, unit?: string) =>
  cached(`trend ${series} ${unit ?? ''}`, () => apiCall('GET /series/:series/trend', { params: { series }, query: { unit: unit || undefined } }, TIMEOUT));

export const publishedCampaigns = () => apiCall('GET /public/campaigns', {}, TIMEOUT);
export const publicResults = (campaign: string, version?: number) => apiCall('GET /public/campaigns/:key/results', { params: { key: campaign }, query: { version: version || undefined } }, TIMEOUT);
export const openData = (campaign: string, version?: number) => apiCall('GET /public/campaigns/:key/open-data.json', { params: { key: campaign }, query: { version: version || undefined } }, TIMEOUT);

const enc = encodeURIComponent;
const v = (version?: number) => (version ? `?version=${version}` : '');
export const openDataHref = (campaign: string, format: 'json' | 'csv', version?: number) => `/api/v1/public/campaigns/${enc(campaign)}/open-data.${format}${v(version)}`;

/** ?version=N from the address, if any. */
export function versionFromSearch(search: string): number | undefined {
  const n = Number(new URLSearchParams(search).get('version'));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
