import { describe, expect, it } from 'vitest';
import { isEditablePath, isTextPath, lockedChanges, lockIssues, structureOf } from './campaign-locks.js';
import { campaignTemplate } from './campaign-templates.js';

const spec = () => campaignTemplate('nantong', { year: 2026 });

describe('what stays editable once ballots exist', () => {
  it('names and texts only', () => {
    for (const p of ['name', 'theme', 'units[3].name', 'scales[0].options[1].label', 'questionnaires[1].intro', 'questionnaires[0].title', 'problems[2].label']) expect(isTextPath(p)).toBe(true);
    for (const p of ['key', 'year', 'units[3].key', 'units[3].category', 'components[0].weight', 'scales[0].options[1].points', 'phases[0].start', 'rules.warnings.red', 'units']) expect(isTextPath(p)).toBe(false);
    expect(isEditablePath('components[0].weight', 0)).toBe(true);
    expect(isEditablePath('components[0].weight', 1)).toBe(false);
    expect(isEditablePath('units[0].name', 5)).toBe(true);
  });

  it('names each changed value that is not a text, each item added, and a list that lost items', () => {
    const before = spec();
    const after = spec();
    after.name = '新名称';
    after.units[1].name = '改名';
    after.questionnaires[0].intro = '新增的说明';
    expect(lockedChanges(before, after)).toEqual([]);
    after.components[0].weight = 25;
    after.components[1].weight = 25;
    after.units[2].category = 'windows';
    after.units.push({ key: 'w-new', name: '新窗口', category: 'windows' });
    after.problems.pop();
    after.phases[0].start = '2026-03-01';
    (after.rules.fraud as Record<string, unknown>).disabled = ['burst'];
    expect(lockedChanges(before, after)).toEqual([
      'phases[0].start',
      'units[2].category',
      'units[8]',
      'problems',
      'components[0].weight',
      'components[1].weight',
      'rules.fraud.disabled',
    ]);
  });

  it('agrees with the structure comparison the import uses, whatever the field order', () => {
    const before = spec();
    const reordered = JSON.parse(structureOf(before)); // keys sorted, texts dropped
    expect(lockedChanges(before, reordered)).toEqual([]);
    expect(structureOf(reordered)).toBe(structureOf(before));
    const changed = spec();
    changed.rules.decimals = 1;
    expect(structureOf(changed)).not.toBe(structureOf(before));
    expect(lockedChanges(before, changed)).toEqual(['rules.decimals']);
  });

  it('reads any JSON as the edited side: wrong types, a whole list replaced, deep nesting', () => {
    const before = spec();
    expect(lockedChanges(before, { ...before, units: 'none' })).toEqual(['units']);
    expect(lockedChanges(before, [])).toEqual(['(root)']);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(lockedChanges(before, { ...before, rules: deep })).toEqual(['rules']);
    expect(lockedChanges(before, { ...before, rules: { ...before.rules, warnings: deep } })).toEqual(['rules.warnings']);
  });

  it('says each as a FIELD_LOCKED issue with the ballot count, and nothing while there are no ballots', () => {
    const after = spec();
    after.components[0].weight = 31;
    expect(lockIssues(spec(), after, 0)).toEqual([]);
    expect(lockIssues(spec(), after, 12)).toEqual([
      { path: 'components[0].weight', code: 'FIELD_LOCKED', params: { ballots: 12 }, message: '12 ballot(s) have been cast: only names and texts may change, not this' },
    ]);
  });
});
