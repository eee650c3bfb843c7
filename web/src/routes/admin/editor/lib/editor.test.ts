import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCampaignSpec } from '@minping/shared/spec';
import { adminRoute } from '../../lib/route';
import { Autosaver, type SaveState } from './autosave';
import { copyFile, fileText, inFileOrder } from './file';
import { IssueIndex } from './issues';
import { nextKey } from './keys';
import { editableField } from './locks';
import { pasteUnits, splitRows, unitsAsRows } from './paste';
import { missingPresets, PROBLEM_PRESETS, SCALE_PRESETS, scaleFrom } from './presets';
import { editable, type EditorSpec } from './types';
import { addUnit, retireUnit } from './units';
import { sumState, weightSum } from './weights';

const EXAMPLE = fs.readFileSync(path.resolve(import.meta.dirname, '../../../../../../test/fixtures/campaign.example.json'), 'utf8');
const example = (): EditorSpec => JSON.parse(EXAMPLE);
const issuesOf = (spec: unknown) => {
  const r = parseCampaignSpec(spec);
  return r.ok ? [] : r.issues;
};

describe('the campaign file round trip', () => {
  it('writes a file loaded and not edited back byte for byte', () => {
    const file = copyFile(JSON.parse(EXAMPLE));
    expect(fileText(inFileOrder(file))).toBe(JSON.stringify(JSON.parse(EXAMPLE), null, 2));
  });

  it('puts a valid file whose keys were sorted (jsonb) back in the file’s order', () => {
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
    const sorted = sortKeys(JSON.parse(EXAMPLE));
    expect(fileText(sorted)).not.toBe(fileText(JSON.parse(EXAMPLE)));
    expect(fileText(inFileOrder(sorted))).toBe(fileText(JSON.parse(EXAMPLE)));
  });

  it('keeps a file with problems as it is', () => {
    const file = { ...example(), year: 'next' };
    expect(inFileOrder(file)).toBe(file);
  });

  it('knows a file the forms can edit from one they cannot', () => {
    expect(editable(example())).toBe(true);
    expect(editable({ ...example(), units: {} })).toBe(false);
    expect(editable(null)).toBe(false);
    expect(editable([])).toBe(false);
  });
});

describe('keys the editor makes up', () => {
  it('counts on from the highest numbered key', () => {
    expect(nextKey('u', [])).toBe('u001');
    expect(nextKey('u', ['u001', 'u007', 'w-gs'])).toBe('u008');
    expect(nextKey('u', ['u999'])).toBe('u1000');
  });
});

describe('units pasted from a spreadsheet', () => {
  const cats = [
    { key: 'divisions', name: '机关处室' },
    { key: 'windows', name: '服务窗口' },
  ];

  it('reads tab-separated rows with a header, categories by name or key, keys made up when absent', () => {
    const r = pasteUnits('单位名称\t类别\t编码\n市发改委\t机关处室\n公安窗口\twindows\tw-ga\n', [], cats);
    expect(r.issues).toEqual([]);
    expect(r.units).toEqual([
      { key: 'u001', name: '市发改委', category: 'divisions' },
      { key: 'w-ga', name: '公安窗口', category: 'windows' },
    ]);
    expect([r.added, r.updated]).toEqual([2, 0]);
  });

  it('reads rows without a header, columns in the order name, category, key', () => {
    const r = pasteUnits('市发改委\t机关处室\td-fgw\r\n市住建局\t机关处室', [], cats);
    expect(r.units.map((u) => u.key)).toEqual(['d-fgw', 'u001']);
  });

  it('takes columns in the header’s order', () => {
    const r = pasteUnits('编码\t类别\t单位名称\nd-x\t服务窗口\t某窗口', [], cats);
    expect(r.units).toEqual([{ key: 'd-x', name: '某窗口', category: 'windows' }]);
  });

  it('reports every bad row by number, and takes the good ones', () => {
    const r = pasteUnits('好单位\t机关处室\n\t机关处室\n某局\t不存在\n某局\t机关处室\tBad Key\n甲\t机关处室\tk1\n乙\t服务窗口\tk1\n丙', [], cats);
    expect(r.issues).toEqual([
      { row: 2, code: 'NAME_MISSING', params: {} },
      { row: 3, code: 'CATEGORY_UNKNOWN', params: { value: '不存在' } },
      { row: 4, code: 'KEY_INVALID', params: { value: 'bad key' } },
      { row: 6, code: 'DUPLICATE_KEY', params: { key: 'k1', first: 5 } },
      { row: 7, code: 'CATEGORY_MISSING', params: {} },
    ]);
    expect(r.units.map((u) => u.name)).toEqual(['好单位', '甲']);
  });

  it('needs no category column when there is one category', () => {
    expect(pasteUnits('甲\n乙', [], [cats[0]]).units.map((u) => u.category)).toEqual(['divisions', 'divisions']);
  });

  it('updates the units it already has (by key, or by name) instead of adding them twice', () => {
    const units = [
      { key: 'd-fgw', name: '市发改委', category: 'divisions' },
      { key: 'w-ga', name: '公安窗口', category: 'windows' },
    ];
    const r = pasteUnits('市发展改革委\t机关处室\td-fgw\n公安窗口\t机关处室', units, cats);
    expect(r.units).toEqual([
      { key: 'd-fgw', name: '市发展改革委', category: 'divisions' },
      { key: 'w-ga', name: '公安窗口', category: 'divisions' },
    ]);
    expect([r.added, r.updated]).toEqual([0, 2]);
    expect(units[0].name).toBe('市发改委');
  });

  it('reads back what it writes for a spreadsheet', () => {
    const spec = example();
    const text = unitsAsRows(spec.units, spec.categories);
    expect(text.split('\n')[0]).toBe('单位名称\t类别\t编码');
    expect(pasteUnits(text, [], spec.categories).units).toEqual(spec.units);
  });

  it('splits by commas only when no line has a tab', () => {
    expect(splitRows('a,b\nc，d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(splitRows('a,b\tc')).toEqual([['a,b', 'c']]);
  });
});

describe('weights', () => {
  it('adds the weights up as typed, ignoring what is not a number yet', () => {
    expect(weightSum([{ weight: 30 }, { weight: 20 }, { weight: 25 }, { weight: 25 }])).toBe(100);
    expect(weightSum([{ weight: 33.3 }, { weight: 33.3 }, { weight: 33.4 }])).toBe(100);
    expect(weightSum([{ weight: 30 }, { weight: null }, {}])).toBe(30);
    expect([sumState(100), sumState(99), sumState(101)]).toEqual(['ok', 'under', 'over']);
  });
});

describe('presets', () => {
  it('gives scales that are valid in a file, under a key not taken', () => {
    for (const preset of ['satisfaction', 'four-grade', 'five-grade', 'custom'] as const) {
      const spec = example();
      const scale = scaleFrom(preset, spec.scales.map((s) => s.key));
      expect(spec.scales.some((s) => s.key === scale.key)).toBe(false);
      spec.scales.push(scale);
      spec.questionnaires[0].scale = scale.key;
      expect(issuesOf(spec)).toEqual([]);
    }
    expect(SCALE_PRESETS.satisfaction.map((o) => o.label)).toEqual(['满意', '基本满意', '不满意', '不了解']);
    expect(SCALE_PRESETS['four-grade'].map((o) => o.label).slice(0, 4)).toEqual(['好', '较好', '一般', '差']);
    expect(SCALE_PRESETS['five-grade'].filter((o) => o.points !== null)).toHaveLength(5);
  });

  it('offers the seeds’ problems the list does not have yet', () => {
    expect(PROBLEM_PRESETS.map((p) => p.label)).toEqual(expect.arrayContaining(['门难进、脸难看、事难办', '推诿扯皮、推拖绕', '庸懒散', '吃拿卡要']));
    const spec = example();
    expect(missingPresets(spec.problems).every((p) => !spec.problems.some((q) => q.key === p.key))).toBe(true);
    expect(missingPresets(PROBLEM_PRESETS)).toEqual([]);
  });
});

describe('problems next to their fields', () => {
  it('finds a field’s issues, a list’s own, and a section’s count', () => {
    const spec = example();
    spec.units[2].category = 'nope';
    spec.components[0].weight = 31;
    (spec as { name: string }).name = '';
    const idx = new IssueIndex(issuesOf(spec));
    expect(idx.at('units[2].category').map((i) => i.code)).toEqual(['UNKNOWN_REFERENCE']);
    expect(idx.at('units[2].category')[0].params).toMatchObject({ key: 'nope', list: 'categories' });
    expect(idx.at('components').map((i) => i.code)).toEqual(['WEIGHTS_NOT_100']);
    expect(idx.under('units[2]')).toHaveLength(1);
    expect(idx.under('units[1]')).toHaveLength(0);
    expect(idx.inSections(['key', 'name'])).toHaveLength(1);
    expect(idx.outside([['name'], ['units'], ['components']])).toEqual([]);
  });

  it('keeps an issue no section shows (an unknown field) apart', () => {
    const idx = new IssueIndex(issuesOf({ ...example(), colour: 'red' }));
    expect(idx.outside([['name'], ['units']]).map((i) => i.code)).toEqual(['UNKNOWN_FIELD']);
  });
});

describe('what stays editable after the first ballot', () => {
  it('is names and texts only', () => {
    for (const p of ['name', 'theme', 'units[3].name', 'scales[0].options[1].label', 'questionnaires[0].title', 'questionnaires[0].intro', 'problems[2].label'])
      expect(editableField(p, true)).toBe(true);
    for (const p of ['key', 'year', 'units[3].category', 'units[3].key', 'components[0].weight', 'rules.decimals', 'phases[0].start', 'units', 'units[3]'])
      expect(editableField(p, true)).toBe(false);
    expect(editableField('units[3].category', false)).toBe(true);
  });
});

describe('units added and retired', () => {
  it('takes a retired unit out of the questionnaires that list it', () => {
    const spec = example();
    spec.questionnaires[0].units = [spec.units[0].key, spec.units[1].key];
    retireUnit(spec, spec.units[0].key);
    expect(spec.questionnaires[0].units).toEqual([example().units[1].key]);
    expect(spec.units.map((u) => u.key)).toEqual(example().units.slice(1).map((u) => u.key));
  });

  it('adds a unit under a new key', () => {
    const spec = example();
    const key = addUnit(spec, 'windows');
    expect(spec.units.at(-1)).toEqual({ key, name: '', category: 'windows' });
    expect(example().units.some((u) => u.key === key)).toBe(false);
  });
});

describe('the editor’s addresses', () => {
  it('has a start page and a page per draft and section', () => {
    expect(adminRoute('editor')).toEqual({ page: 'editor', editor: { page: 'start' } });
    expect(adminRoute('editor/7')).toEqual({ page: 'editor', editor: { page: 'draft', id: 7, section: 'basics' } });
    expect(adminRoute('editor/7/units')).toEqual({ page: 'editor', editor: { page: 'draft', id: 7, section: 'units' } });
    expect(adminRoute('editor/7/nope')).toEqual({ page: 'notFound' });
    expect(adminRoute('editor/x')).toEqual({ page: 'notFound' });
  });
});

describe('saving as the office types', () => {
  afterEach(() => vi.useRealTimers());

  function saver(save: (file: unknown, revision: number) => Promise<{ revision: number }>) {
    const states: SaveState[] = [];
    const s = new Autosaver<object>(1, { save, onState: (st) => states.push(st), isConflict: (e) => (e as Error).message === 'conflict' });
    return { s, states };
  }

  it('saves once, ~800 ms after the last edit, from the revision it has', async () => {
    vi.useFakeTimers();
    const calls: [unknown, number][] = [];
    const { s, states } = saver(async (file, revision) => (calls.push([file, revision]), { revision: revision + 1 }));
    s.edit({ n: 1 });
    await vi.advanceTimersByTimeAsync(500);
    s.edit({ n: 2 });
    await vi.advanceTimersByTimeAsync(700);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toEqual([[{ n: 2 }, 1]]);
    s.edit({ n: 3 });
    await s.flush();
    expect(calls).toEqual([
      [{ n: 2 }, 1],
      [{ n: 3 }, 2],
    ]);
    expect(states.at(-1)).toBe('saved');
    expect(states).toContain('unsaved');
    expect(states).toContain('saving');
  });

  it('stops on a conflict and overwrites nothing', async () => {
    let n = 0;
    const { s, states } = saver(async () => {
      n++;
      throw new Error('conflict');
    });
    s.edit({ a: 1 });
    await s.flush();
    s.edit({ a: 2 });
    await s.flush();
    expect(n).toBe(1);
    expect(states.at(-1)).toBe('conflict');
  });

  it('keeps a failed save and sends it again on retry', async () => {
    let fail = true;
    const seen: unknown[] = [];
    const { s, states } = saver(async (file, revision) => {
      seen.push(file);
      if (fail) throw new Error('offline');
      return { revision: revision + 1 };
    });
    s.edit({ a: 1 });
    await s.flush();
    expect(states.at(-1)).toBe('failed');
    expect(s.dirty).toBe(true);
    fail = false;
    await s.retry();
    expect(seen).toEqual([{ a: 1 }, { a: 1 }]);
    expect(states.at(-1)).toBe('saved');
    expect(s.dirty).toBe(false);
  });
});

describe('the words for keys built at run time', () => {
  it('are in both catalogues', async () => {
    const { CAMPAIGN_TEMPLATES } = await import('@minping/shared/contracts/drafts');
    const { FRAUD_RULES } = await import('@minping/shared/spec');
    const { ROW_ISSUE_CODES } = await import('./paste');
    const { SECTION_IDS } = await import('./sections');
    const zh = (await import('../i18n/zh-CN')).default;
    const en = (await import('../i18n/en')).default;
    const keys = [
      ...SECTION_IDS.map((s) => `editor.section.${s}`),
      ...ROW_ISSUE_CODES.map((c) => `editor.row.${c}`),
      ...[...Object.keys(SCALE_PRESETS), 'custom'].map((k) => `editor.scales.preset.${k}`),
      ...FRAUD_RULES.map((r) => `editor.rules.fraud.${r}`),
      ...CAMPAIGN_TEMPLATES.flatMap((k) => [`editor.template.${k}`, `editor.template.${k}.about`]),
    ];
    expect(keys.filter((k) => !(k in zh))).toEqual([]);
    expect(keys.filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
