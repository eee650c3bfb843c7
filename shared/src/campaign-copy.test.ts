import { describe, expect, it } from 'vitest';
import { nextYearCopy, nextYearDate, nextYearKey, uniqueKey } from './campaign-copy.js';
import { campaignTemplate } from './campaign-templates.js';
import { parseCampaignSpec } from './spec.js';

describe('next year’s copy of a campaign', () => {
  const spec = campaignTemplate('nantong', { year: 2026 });

  it('moves the year, the key, the name and every date one year on, and keeps every other key and value', () => {
    const copy = nextYearCopy(spec);
    expect(copy.year).toBe(2027);
    expect(copy.key).toBe('nantong-2027');
    expect(copy.name).toBe('2027年度“优作风、提效能、促发展”专项评议');
    expect(copy.phases.map((p) => [p.start, p.end])).toEqual(spec.phases.map((p) => [p.start.replace('2026', '2027'), p.end.replace('2026', '2027')]));
    for (const list of ['units', 'categories', 'groups', 'problems', 'scales', 'questionnaires', 'components'] as const) expect(copy[list]).toEqual(spec[list]);
    expect(copy.series).toBe(spec.series);
    expect(copy.rules).toEqual(spec.rules);
    expect(parseCampaignSpec(copy).ok).toBe(true);
    // The original is left as it was.
    expect(spec.year).toBe(2026);
    expect(spec.phases[0].start).toBe('2026-04-01');
  });

  it('keeps the file’s field order', () => {
    expect(Object.keys(nextYearCopy(spec))).toEqual(Object.keys(spec));
  });

  it('turns 29 February into 28 February', () => {
    expect(nextYearDate('2028-02-29')).toBe('2029-02-28');
    expect(nextYearDate('2027-02-28')).toBe('2028-02-28');
    expect(nextYearDate('2026-12-31')).toBe('2027-12-31');
    const leap = { ...campaignTemplate('blank', { year: 2028 }), phases: [{ key: 'p', name: 'p', start: '2028-02-01', end: '2028-02-29' }] };
    const copy = nextYearCopy(leap);
    expect(copy.phases[0]).toEqual({ key: 'p', name: 'p', start: '2029-02-01', end: '2029-02-28' });
    expect(parseCampaignSpec(copy).ok).toBe(true);
  });

  it('replaces the year in the key, or appends it', () => {
    expect(nextYearKey('fuling-2026-q1', 2026)).toBe('fuling-2027-q1');
    expect(nextYearKey('wanrenping', 2026)).toBe('wanrenping-2027');
    expect(nextYearKey('x'.repeat(64), 2026)).toBe(`${'x'.repeat(59)}-2027`);
  });

  it('makes the key unique among the campaigns that exist', () => {
    const taken = new Set(['nantong-2027', 'nantong-2027-2']);
    expect(nextYearCopy(spec, (k) => taken.has(k)).key).toBe('nantong-2027-3');
    expect(uniqueKey('a', () => false)).toBe('a');
    expect(uniqueKey('y'.repeat(64), (k) => k === 'y'.repeat(64))).toBe(`${'y'.repeat(62)}-2`);
  });
});
