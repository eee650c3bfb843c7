import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignSpecSchema, parseCampaignSpec } from './spec.js';

const example = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, 'scoring/fixtures/campaign.example.json'), 'utf8'));
const clone = () => structuredClone(example);
const issuesOf = (spec: unknown) => {
  const r = parseCampaignSpec(spec);
  return r.ok ? [] : r.issues;
};

describe('the campaign file', () => {
  it('accepts the example as it is, and keeps its field order when written again', () => {
    expect(parseCampaignSpec(example).ok).toBe(true);
    expect(JSON.stringify(campaignSpecSchema.parse(example), null, 2)).toBe(JSON.stringify(example, null, 2));
  });

  it.each([
    ['a duplicate unit key', (s: any) => s.units.push({ ...s.units[0] }), 'units[8].key'],
    ['an unknown category', (s: any) => (s.units[2].category = 'nope'), 'units[2].category'],
    ['an unknown scale', (s: any) => (s.questionnaires[1].scale = 'nope'), 'questionnaires[1].scale'],
    ['an unknown questionnaire', (s: any) => (s.components[3].questionnaire = 'nope'), 'components[3].questionnaire'],
    ['an unknown unit in a questionnaire', (s: any) => (s.questionnaires[0].units = ['w-gs', 'nope']), 'questionnaires[0].units[1]'],
    ['weights not adding up to 100', (s: any) => (s.components[0].weight = 31), 'components'],
    ['a zero group weight', (s: any) => (s.groups[1].weight = 0), 'groups[1].weight'],
    ['a scale with one scored option', (s: any) => (s.scales[0].options = [s.scales[0].options[0], s.scales[0].options[3]]), 'scales[0].options'],
    ['two "don\'t know" options', (s: any) => s.scales[0].options.push({ key: 'na', label: '不适用', points: null }), 'scales[0].options'],
    ['a bad key', (s: any) => (s.units[0].key = 'Bad Key'), 'units[0].key'],
    ['a phase ending before it starts', (s: any) => (s.phases[0].end = '2026-03-01'), 'phases[0].end'],
    ['an impossible date', (s: any) => (s.phases[0].start = '2026-02-30'), 'phases[0].start'],
    ['another spec version', (s: any) => (s.specVersion = 2), 'specVersion'],
    ['a missing field', (s: any) => delete s.rules.decimals, 'rules.decimals'],
    ['an unknown field', (s: any) => (s.units[0].colour = 'red'), 'units[0].colour'],
    ['units neither "all" nor a list', (s: any) => (s.questionnaires[0].units = 'some'), 'questionnaires[0].units'],
  ])('rejects %s, naming the path', (_what, mutate, expectedPath) => {
    const spec = clone();
    mutate(spec);
    expect(issuesOf(spec).map((i) => i.path)).toContain(expectedPath);
  });

  it('treats group weights as relative', () => {
    const spec = clone();
    spec.groups.forEach((g: any, i: number) => (g.weight = [5, 3, 2][i]));
    expect(parseCampaignSpec(spec).ok).toBe(true);
  });
});
