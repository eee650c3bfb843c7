// Group weights per questionnaire, end to end, on a Nantong-style year
// (test/fixtures/campaign.weights.json): in the public inquiry deputies weigh
// 40 against citizens' 60, in the social survey citizens, enterprises and
// deputies 50/30/20, and the mid-year evaluation lists nothing, so every
// group answers it with the campaign's weights. A questionnaire that lists
// its groups is answered by those only: code batches of other groups are
// refused, and so is a file that would strand one.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCampaignResult, type ScoringInput } from '@minping/shared/scoring';
import { ballotFor, createHarness, drained, issueCodes, type Harness } from './harness.js';

const TEXT = fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/campaign.weights.json'), 'utf8');
const SPEC = JSON.parse(TEXT);
const KEY = SPEC.key as string;
const api = `/api/v1/campaigns/${KEY}`;
const U = 'd-fgw-tz';
let h: Harness;

const importSpec = (spec: unknown) => h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: spec as object });
const exportSpec = async () => (await h.admin({ method: 'GET', url: `${api}/spec` })).body;
const batch = (questionnaire: string, group: string) => h.admin({ method: 'POST', url: `${api}/code-batches`, payload: { questionnaire, group, size: 3 } });
const UNITS = SPEC.units.map((u: { key: string }) => u.key);

async function vote(questionnaire: string, group: string, options: string[]) {
  const { codes } = await issueCodes(h, KEY, questionnaire, group, options.length);
  for (const [i, option] of options.entries()) {
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[i]}`, payload: ballotFor(UNITS, option) });
    expect(res.statusCode).toBe(201);
  }
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('a campaign file with group weights per questionnaire', () => {
  it('imports, and exports byte for byte, in the format’s field order whatever order it was written in', async () => {
    // Written with groupWeights first and weight before group: stored in jsonb, whose key order is its own.
    const shuffled = structuredClone(SPEC);
    shuffled.questionnaires = SPEC.questionnaires.map(({ groupWeights, ...q }: Record<string, unknown>) =>
      groupWeights ? { groupWeights: (groupWeights as { group: string; weight: number }[]).map((w) => ({ weight: w.weight, group: w.group })), ...q } : q,
    );
    expect((await importSpec(shuffled)).statusCode).toBe(201);
    const exported = await exportSpec();
    expect(exported).toBe(JSON.stringify(SPEC, null, 2));
    expect(exported).toBe(TEXT.trimEnd());
    expect(JSON.parse(exported).questionnaires[1].groupWeights).toEqual([{ group: 'deputies', weight: 40 }, { group: 'citizens', weight: 60 }]);
    expect((await importSpec(JSON.parse(exported))).statusCode).toBe(200);
    expect(await exportSpec()).toBe(exported);
  });

  it('refuses an unknown group and a group listed twice, with their codes, storing nothing', async () => {
    const spec = structuredClone(SPEC);
    spec.questionnaires[1].groupWeights = [{ group: 'deputies', weight: 40 }, { group: 'media', weight: 10 }, { group: 'deputies', weight: 60 }];
    const res = await importSpec(spec);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual([
      { path: 'questionnaires[1].groupWeights[1].group', code: 'UNKNOWN_REFERENCE', params: { key: 'media', list: 'groups' }, message: 'unknown respondent group "media"' },
      { path: 'questionnaires[1].groupWeights[2].group', code: 'DUPLICATE_KEY', params: { key: 'deputies', first: 'questionnaires[1].groupWeights[0]' }, message: expect.any(String) },
    ]);
    expect(await exportSpec()).toBe(JSON.stringify(SPEC, null, 2));
  });
});

describe('code batches', () => {
  it('are refused for a group the questionnaire does not list, and made for one it lists or for a questionnaire that lists none', async () => {
    const refused = await batch('inquiry', 'enterprises');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('GROUP_NOT_IN_QUESTIONNAIRE');
    expect((await batch('inquiry', 'deputies')).statusCode).toBe(201);
    expect((await batch('midyear', 'enterprises')).statusCode).toBe(201);
    const batches = (await h.admin({ method: 'GET', url: `${api}/code-batches` })).json();
    expect(batches.map((b: { questionnaire: string; group: string }) => `${b.questionnaire}/${b.group}`).sort()).toEqual(['inquiry/deputies', 'midyear/enterprises']);
  });

  it('keep a file from leaving them to a group their questionnaire no longer lists, until the batch is voided', async () => {
    const spec = structuredClone(SPEC);
    spec.questionnaires[1].groupWeights = [{ group: 'citizens', weight: 1 }];
    spec.questionnaires[0].groupWeights = [{ group: 'citizens', weight: 1 }, { group: 'deputies', weight: 1 }];
    const res = await importSpec(spec);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('GROUP_NOT_IN_QUESTIONNAIRE');
    expect(res.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['questionnaires[0].groupWeights', 'questionnaires[1].groupWeights']);
    expect(await exportSpec()).toBe(JSON.stringify(SPEC, null, 2));
    // Once the stranded batches are voided, the file imports.
    const batches = (await h.admin({ method: 'GET', url: `${api}/code-batches` })).json();
    for (const b of batches) expect((await h.admin({ method: 'POST', url: `${api}/code-batches/${b.id}/void`, payload: { reason: '主体权重调整' } })).statusCode).toBe(200);
    expect((await importSpec(spec)).statusCode).toBe(200);
    expect((await importSpec(SPEC)).statusCode).toBe(200); // back to the file
  });

  it('keep a file from removing their questionnaire or group while their codes are out', async () => {
    expect((await batch('survey', 'enterprises')).statusCode).toBe(201);
    const noSurvey = structuredClone(SPEC);
    noSurvey.questionnaires = SPEC.questionnaires.filter((q: { key: string }) => q.key !== 'survey');
    noSurvey.components = SPEC.components
      .filter((c: { key: string }) => c.key !== 'survey')
      .map((c: { key: string; weight: number }) => (c.key === 'inquiry' ? { ...c, weight: c.weight + 25 } : c));
    const res = await importSpec(noSurvey);
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'BATCHES_IN_USE']);
    expect(await exportSpec()).toBe(JSON.stringify(SPEC, null, 2));
    const batches = (await h.admin({ method: 'GET', url: `${api}/code-batches` })).json();
    for (const b of batches.filter((x: { voidedAt: string | null }) => !x.voidedAt)) expect((await h.admin({ method: 'POST', url: `${api}/code-batches/${b.id}/void`, payload: { reason: '测试' } })).statusCode).toBe(200);
  });

  it('made while an import holds the campaign, waits for it and is checked against the file that won', async () => {
    const spec = structuredClone(SPEC);
    spec.questionnaires[1].groupWeights = [{ group: 'citizens', weight: 1 }]; // the inquiry without deputies
    const client = new pg.Client({ connectionString: h.databaseUrl });
    await client.connect();
    try {
      // What an import holds from its first read of the campaign to its COMMIT.
      await client.query('begin');
      await client.query('select id from campaigns where key = $1 for update', [KEY]);
      let settled = false;
      const pending = batch('inquiry', 'deputies').then((res) => ((settled = true), res));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(settled).toBe(false);
      await client.query('update campaigns set spec = $2 where key = $1', [KEY, JSON.stringify(spec)]);
      await client.query('commit');
      const res = await pending;
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('GROUP_NOT_IN_QUESTIONNAIRE');
    } finally {
      await client.end();
    }
    expect((await importSpec(SPEC)).statusCode).toBe(200);
    expect((await batch('inquiry', 'deputies')).statusCode).toBe(201);
    const batches = (await h.admin({ method: 'GET', url: `${api}/code-batches` })).json();
    for (const b of batches.filter((x: { voidedAt: string | null }) => !x.voidedAt)) expect((await h.admin({ method: 'POST', url: `${api}/code-batches/${b.id}/void`, payload: { reason: '测试' } })).statusCode).toBe(200);
  });
});

describe('scores and open data', () => {
  beforeAll(async () => {
    expect((await h.admin({ method: 'POST', url: `${api}/status`, payload: { status: 'open' } })).statusCode).toBe(200);
    await vote('inquiry', 'deputies', ['satisfied', 'basically']);
    await vote('inquiry', 'citizens', ['dissatisfied', 'satisfied', 'satisfied']);
    await vote('survey', 'citizens', ['satisfied']);
    await vote('survey', 'enterprises', ['dissatisfied']);
    await vote('survey', 'deputies', ['basically']);
    await vote('midyear', 'citizens', ['good']);
    await vote('midyear', 'enterprises', ['average']);
    await h.startWorker();
    await drained(h);
    const scores = UNITS.map((unit: string) => ({ unit, score: 90 }));
    expect((await h.admin({ method: 'PUT', url: `${api}/scores/daily`, payload: { scores } })).statusCode).toBe(200);
    await drained(h);
    expect((await h.admin({ method: 'POST', url: `${api}/status`, payload: { status: 'closed' } })).statusCode).toBe(200);
    const published = await h.admin({ method: 'POST', url: `${api}/results/publish` });
    expect(published.statusCode).toBe(201);
  });

  it('weigh each questionnaire’s groups as it lists them: the composite worked out by hand', async () => {
    const { result } = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results` })).json();
    const u = result.units.find((x: { key: string }) => x.key === U);
    const score = (k: string) => u.components.find((c: { key: string }) => c.key === k);
    // inquiry: deputies (100+80)/2 = 90, citizens (40+100+100)/3 = 80 → (40·90 + 60·80)/100 = 84
    // (with the campaign's 20/50 it would be 5800/70 = 82.86)
    expect(score('inquiry')).toMatchObject({ score: '84.00', ratings: 5, byGroup: [{ group: 'deputies', ratings: 2, mean: '90.00' }, { group: 'citizens', ratings: 3, mean: '80.00' }] });
    // survey: (50·100 + 30·40 + 20·80)/100 = 78
    expect(score('survey').score).toBe('78.00');
    // midyear, the campaign's weights: (50·100 + 30·70)/(50 + 30) = 88.75
    expect(score('midyear').score).toBe('88.75');
    // (30·90 + 20·88.75 + 25·84 + 25·78)/100 = 85.25
    expect(u.composite).toBe('85.25');
  });

  it('publish each questionnaire’s effective weights, and inputs that reproduce the result exactly', async () => {
    const data = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/open-data.json` })).json();
    expect(data.groupWeights).toEqual([
      { questionnaire: 'midyear', groups: [{ group: 'citizens', weight: 50 }, { group: 'enterprises', weight: 30 }, { group: 'deputies', weight: 20 }] },
      { questionnaire: 'inquiry', groups: [{ group: 'deputies', weight: 40 }, { group: 'citizens', weight: 60 }] },
      { questionnaire: 'survey', groups: [{ group: 'citizens', weight: 50 }, { group: 'enterprises', weight: 30 }, { group: 'deputies', weight: 20 }] },
    ]);
    expect(data.inputs.spec.questionnaires[1].groupWeights).toEqual(SPEC.questionnaires[1].groupWeights);
    const published = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/results` })).json();
    expect(computeCampaignResult(data.inputs as ScoringInput)).toEqual(published.result);

    const csv = (await h.inject({ method: 'GET', url: `/api/v1/public/campaigns/${KEY}/open-data.csv` })).body;
    const [header, ...rows] = csv.replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','));
    // Each header cell is "key 中文": a program reads the key before the space.
    const col = (key: string) => header.findIndex((cell) => cell.split(' ')[0] === key);
    expect(rows.filter((r) => r[0] === 'group-weight').map((r) => [r[col('questionnaire')], r[col('group')], r[col('value')]])).toEqual([
      ['midyear', 'citizens', '50'], ['midyear', 'enterprises', '30'], ['midyear', 'deputies', '20'],
      ['inquiry', 'deputies', '40'], ['inquiry', 'citizens', '60'],
      ['survey', 'citizens', '50'], ['survey', 'enterprises', '30'], ['survey', 'deputies', '20'],
    ]);
  });
});
