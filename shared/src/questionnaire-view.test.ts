import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionnaireView } from './questionnaire-view.js';
import type { CampaignSpec } from './spec.js';

const example: CampaignSpec = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, 'scoring/fixtures/campaign.example.json'), 'utf8'));

describe('the voter’s view of a questionnaire', () => {
  it('shows the covered units by category, the scale, the problems and the group', () => {
    const q = example.questionnaires[0];
    const v = questionnaireView(example, 'open', q.key, example.groups[0].key)!;
    expect(v.questionnaire).toMatchObject({ key: q.key, title: q.title, problems: q.problems, comment: q.comment });
    expect(v.group).toEqual({ key: example.groups[0].key, name: example.groups[0].name });
    const scale = example.scales.find((s) => s.key === q.scale)!;
    expect(v.scale.map((o) => o.key)).toEqual(scale.options.map((o) => o.key));
    const shown = v.categories.flatMap((c) => c.units.map((u) => u.key));
    const covered = q.units === 'all' ? example.units.map((u) => u.key) : q.units;
    expect(new Set(shown)).toEqual(new Set(covered));
    expect(v.categories.every((c) => c.units.length > 0)).toBe(true);
    expect(v.problems.length).toBe(q.problems ? example.problems.length : 0);
  });

  it('leaves out what a draft names but does not have, instead of failing', () => {
    const draft = structuredClone(example);
    draft.questionnaires[0].scale = 'nope';
    draft.questionnaires[0].units = [draft.units[0].key, 'nope'];
    const v = questionnaireView(draft, 'draft', draft.questionnaires[0].key, 'nobody')!;
    expect(v.scale).toEqual([]);
    expect(v.categories.flatMap((c) => c.units.map((u) => u.key))).toEqual([draft.units[0].key]);
    expect(v.group).toEqual({ key: 'nobody', name: 'nobody' });
    expect(questionnaireView(draft, 'draft', 'nope', 'nobody')).toBeNull();
  });
});
