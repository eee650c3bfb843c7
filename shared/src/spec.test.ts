import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignSpecSchema, parseCampaignFile, parseCampaignSpec, SPEC_ISSUE_CODES } from './spec.js';

const example = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, 'scoring/fixtures/campaign.example.json'), 'utf8'));
const clone = () => structuredClone(example);
const s0 = () => example;
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

  it('accepts a questionnaire’s own group weights, and writes them again in the field order of the format', () => {
    const spec = clone();
    // Written in another order than the format's (groupWeights first, weight before group).
    const inquiry = spec.questionnaires[1];
    spec.questionnaires[1] = { groupWeights: [{ weight: 40, group: 'deputies' }, { weight: 60, group: 'citizens' }], ...inquiry };
    const parsed = parseCampaignSpec(spec);
    expect(parsed.ok).toBe(true);
    const written = JSON.stringify(campaignSpecSchema.parse(spec), null, 2);
    const expected = structuredClone(example);
    expected.questionnaires[1].groupWeights = [{ group: 'deputies', weight: 40 }, { group: 'citizens', weight: 60 }];
    expect(written).toBe(JSON.stringify(expected, null, 2));
    // Written again, it reads back to itself byte for byte; the listing keeps its order.
    expect(JSON.stringify(campaignSpecSchema.parse(JSON.parse(written)), null, 2)).toBe(written);
    expect(JSON.parse(written).questionnaires[1].groupWeights.map((w: any) => w.group)).toEqual(['deputies', 'citizens']);
  });

  it('names every problem of a questionnaire’s group weights in one pass, each with its code', () => {
    const spec = clone();
    spec.questionnaires[1].groupWeights = [
      { group: 'deputies', weight: 40 },
      { group: 'media', weight: 10 }, // not a group of the file
      { group: 'deputies', weight: 60 }, // twice
      { group: 'citizens', weight: 0 }, // not above 0 (schema)
      { group: 'citizens', weight: 5, extra: true }, // unknown field (schema)
    ];
    spec.questionnaires[2].groupWeights = [];
    spec.units[2].category = 'nope';
    expect(issuesOf(spec)).toEqual([
      { path: 'units[2].category', code: 'UNKNOWN_REFERENCE', params: { key: 'nope', list: 'categories' }, message: 'unknown category "nope"' },
      { path: 'questionnaires[1].groupWeights[3].weight', code: 'NUMBER_NOT_ABOVE', params: { minimum: 0 }, message: 'must be more than 0' },
      { path: 'questionnaires[1].groupWeights[4].extra', code: 'UNKNOWN_FIELD', params: { field: 'extra' }, message: 'unknown field "extra"' },
      { path: 'questionnaires[1].groupWeights[1].group', code: 'UNKNOWN_REFERENCE', params: { key: 'media', list: 'groups' }, message: 'unknown respondent group "media"' },
      { path: 'questionnaires[1].groupWeights[2].group', code: 'DUPLICATE_KEY', params: { key: 'deputies', first: 'questionnaires[1].groupWeights[0]' }, message: 'duplicate key "deputies" (first at questionnaires[1].groupWeights[0])' },
      { path: 'questionnaires[1].groupWeights[4].group', code: 'DUPLICATE_KEY', params: { key: 'citizens', first: 'questionnaires[1].groupWeights[3]' }, message: 'duplicate key "citizens" (first at questionnaires[1].groupWeights[3])' },
      { path: 'questionnaires[2].groupWeights', code: 'LIST_TOO_SHORT', params: { minimum: 1 }, message: 'must have at least 1 item(s)' },
    ]);
  });

  it('treats group weights as relative', () => {
    const spec = clone();
    spec.groups.forEach((g: any, i: number) => (g.weight = [5, 3, 2][i]));
    expect(parseCampaignSpec(spec).ok).toBe(true);
  });
});

describe('the problems of a campaign file, as codes', () => {
  it('lists every problem in one pass: the schema’s and the rules across fields, each with its code and parameters', () => {
    const spec = clone();
    spec.units[1].key = spec.units[0].key; // duplicate key (a rule across fields)
    spec.units[2].category = 'nope'; // unknown reference (a rule across fields)
    spec.components[0].weight = 31; // weights not adding up to 100 (a rule across fields)
    spec.groups[1].weight = 0; // too small (schema)
    spec.units[3].colour = 'red'; // unknown field (schema)
    delete spec.rules.decimals; // missing (schema)
    spec.phases[0].start = '2026-02-30'; // not a date (schema)
    spec.rules.fraud.disabled = ['device', 'captcha']; // not an allowed value (schema)
    spec.questionnaires[0].units = 'some'; // neither "all" nor a list (schema)
    const issues = issuesOf(spec);
    const first = spec.units[0].key;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'units[1].key', code: 'DUPLICATE_KEY', params: { key: first, first: 'units[0]' }, message: `duplicate key "${first}" (first at units[0])` },
        { path: 'units[2].category', code: 'UNKNOWN_REFERENCE', params: { key: 'nope', list: 'categories' }, message: 'unknown category "nope"' },
        { path: 'components', code: 'WEIGHTS_NOT_100', params: { total: 101 }, message: 'component weights add up to 101, not 100' },
        { path: 'groups[1].weight', code: 'NUMBER_NOT_ABOVE', params: { minimum: 0 }, message: 'must be more than 0' },
        { path: 'units[3].colour', code: 'UNKNOWN_FIELD', params: { field: 'colour' }, message: 'unknown field "colour"' },
        { path: 'rules.decimals', code: 'REQUIRED', params: {}, message: 'required field is missing' },
        { path: 'phases[0].start', code: 'DATE_INVALID', params: { value: '2026-02-30' }, message: '"2026-02-30" is not a date YYYY-MM-DD' },
        expect.objectContaining({ path: 'rules.fraud.disabled[1]', code: 'VALUE_NOT_ALLOWED', params: { options: ['"device"', '"burst"', '"too-fast"', '"straight-lining"'] } }),
        expect.objectContaining({ path: 'questionnaires[0].units', code: 'WRONG_TYPE', params: { expected: ['"all"', 'array'], received: 'string' } }),
      ]),
    );
    expect(issues).toHaveLength(9);
    // In the file's order: phases before units before groups before questionnaires, components, rules.
    expect(issues.map((i) => i.path)).toEqual(['phases[0].start', 'units[1].key', 'units[2].category', 'units[3].colour', 'groups[1].weight', 'questionnaires[0].units', 'components', 'rules.decimals', 'rules.fraud.disabled[1]']);
    for (const i of issues) expect(SPEC_ISSUE_CODES).toContain(i.code);
  });

  it.each([
    ['a text too long', (s: any) => (s.theme = 'x'.repeat(501)), 'theme', 'TEXT_TOO_LONG', { maximum: 500 }],
    ['an empty name', (s: any) => (s.units[0].name = '  '), 'units[0].name', 'TEXT_EMPTY', {}],
    ['a locale too short', (s: any) => (s.locale = 'z'), 'locale', 'TEXT_TOO_SHORT', { minimum: 2 }],
    ['a number too big', (s: any) => (s.year = 3000), 'year', 'NUMBER_TOO_BIG', { maximum: 2200 }],
    ['a number too small', (s: any) => (s.rules.fraud.maxBallotsPerDevice = 0), 'rules.fraud.maxBallotsPerDevice', 'NUMBER_TOO_SMALL', { minimum: 1 }],
    ['a fraction where a whole number goes', (s: any) => (s.rules.decimals = 1.5), 'rules.decimals', 'NOT_INTEGER', {}],
    ['text where a number goes', (s: any) => (s.components[1].weight = '25'), 'components[1].weight', 'WRONG_TYPE', { expected: ['number'], received: 'string' }],
    ['a list too short', (s: any) => (s.units = []), 'units', 'LIST_TOO_SHORT', { minimum: 1 }],
    ['another spec version', (s: any) => (s.specVersion = 2), 'specVersion', 'VALUE_NOT_ALLOWED', { options: ['1'] }],
    ['an unknown component source', (s: any) => (s.components[0].source = 'typed'), 'components[0].source', 'VALUE_NOT_ALLOWED', { options: ['"entered"', '"ballots"'] }],
    ['a bad key', (s: any) => (s.groups[0].key = 'Citizens'), 'groups[0].key', 'KEY_INVALID', { value: 'Citizens' }],
    ['a date written otherwise', (s: any) => (s.phases[1].end = '2026/11/30'), 'phases[1].end', 'DATE_INVALID', { value: '2026/11/30' }],
    ['a phase ending before it starts', (s: any) => (s.phases[0].end = '2026-03-01'), 'phases[0].end', 'PHASE_ENDS_BEFORE_START', { start: '2026-04-01', end: '2026-03-01' }],
    ['an unknown scale', (s: any) => (s.questionnaires[1].scale = 'stars'), 'questionnaires[1].scale', 'UNKNOWN_REFERENCE', { key: 'stars', list: 'scales' }],
    ['an unknown questionnaire', (s: any) => (s.components[3].questionnaire = 'hearing'), 'components[3].questionnaire', 'UNKNOWN_REFERENCE', { key: 'hearing', list: 'questionnaires' }],
    ['a unit listed twice', (s: any) => (s.questionnaires[0].units = ['w-gs', 'w-gs']), 'questionnaires[0].units[1]', 'UNIT_LISTED_TWICE', { key: 'w-gs' }],
    ['one scored option', (s: any) => (s.scales[0].options = [s.scales[0].options[0], s.scales[0].options[3]]), 'scales[0].options', 'SCALE_TOO_FEW_SCORED', { scored: 1 }],
    ['two "don\'t know" options', (s: any) => s.scales[0].options.push({ key: 'na', label: '不适用', points: null }), 'scales[0].options', 'SCALE_MANY_UNKNOWN', { unknown: 2 }],
    ['red above yellow', (s: any) => (s.rules.warnings.red = 90), 'rules.warnings.red', 'WARNINGS_ORDER', { red: 90, yellow: s0().rules.warnings.yellow }],
  ])('names %s with its code and parameters', (_what, mutate, path, code, params) => {
    const spec = clone();
    mutate(spec);
    expect(issuesOf(spec)).toContainEqual({ path, code, params, message: expect.any(String) });
  });

  it('names a body that is not an object as the whole file', () => {
    expect(issuesOf([1, 2])).toEqual([{ path: '(root)', code: 'WRONG_TYPE', params: { expected: ['object'], received: 'array' }, message: 'expected object, received array' }]);
  });

  it('names a field the schema refused once, not again by a rule across fields', () => {
    const spec = clone();
    spec.units[1].key = 'Bad Key';
    spec.units[2].key = 'Bad Key';
    spec.scales[0].options = [spec.scales[0].options[0]];
    const issues = issuesOf(spec);
    expect(issues.filter((i) => i.path === 'units[2].key').map((i) => i.code)).toEqual(['KEY_INVALID']);
    expect(issues.filter((i) => i.path === 'scales[0].options').map((i) => i.code)).toEqual(['LIST_TOO_SHORT']);
    // A weight that is not a number leaves the sum unchecked rather than wrong.
    spec.components[0].weight = 'thirty';
    expect(issuesOf(spec).map((i) => i.code)).not.toContain('WEIGHTS_NOT_100');
  });
});

describe('a campaign file that is not JSON', () => {
  const text = JSON.stringify(example, null, 2);

  it('is one problem naming the line and column where it breaks, and the character', () => {
    // A comma after the last phase, as people write in JavaScript.
    const broken = text.replace(/("end": "2026-12-31"\n\s*})/, '$1,');
    const line = broken.split('\n').indexOf('  ],') + 1;
    const r = parseCampaignFile(broken);
    expect(r).toEqual({ ok: false, issues: [{ path: '(root)', code: 'JSON_INVALID', params: { line, column: 3, found: ']' }, message: `not valid JSON: unexpected character ] at line ${line}, column 3` }] });
  });

  it('finds Chinese punctuation typed for JSON’s, and a file that ends early', () => {
    const fullWidth = parseCampaignFile('{\n  "specVersion"：1\n}');
    expect(fullWidth.ok || fullWidth.issues[0]).toMatchObject({ code: 'JSON_INVALID', params: { line: 2, column: 16, found: '：' } });
    const cut = parseCampaignFile(text.slice(0, 200));
    expect(cut.ok || cut.issues[0]).toMatchObject({ code: 'JSON_INCOMPLETE', params: { line: text.slice(0, 200).split('\n').length } });
    expect(parseCampaignFile('').ok || parseCampaignFile('')).toMatchObject({ issues: [{ code: 'JSON_INCOMPLETE', params: { line: 1, column: 1 } }] });
  });

  it('reads a file that starts with a byte-order mark, and checks it like any other', () => {
    expect(parseCampaignFile(`\ufeff${text}`).ok).toBe(true);
    const r = parseCampaignFile(text.replace('"year": 2026', '"year": "2026"'));
    expect(r.ok || r.issues).toEqual([expect.objectContaining({ path: 'year', code: 'WRONG_TYPE' })]);
  });
});
