// The campaign editor's drafts: started from a template, a copy or a
// campaign; saved as typed (valid or not) with every problem answered;
// applied (and opened) in one transaction; units in and out as XLSX.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_TEMPLATES } from '@minping/shared/contracts/drafts';
import { EXAMPLE_SPEC, ballotFor, createHarness, issueCodes, type Harness } from './harness.js';
import { multipart } from './accountability-helpers.js';
import { campaignsRepo } from '../../server/src/modules/campaigns/campaigns.repo.js';
import { TWO_CONNECTIONS, holdAfter, meet } from './races.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Json = Record<string, any>;
const create = (body: object) => h.admin({ method: 'POST', url: '/api/v1/campaign-drafts', payload: body });
const get = (id: number) => h.admin({ method: 'GET', url: `/api/v1/campaign-drafts/${id}` });
const save = (id: number, file: unknown, revision: number) => h.admin({ method: 'PUT', url: `/api/v1/campaign-drafts/${id}`, payload: { file, revision } });
/** Applies the draft as its editor would: at the revision last seen (the stored one, unless given). */
const apply = async (id: number, open = false, revision?: number) => {
  const seen = revision ?? (await h.admin({ method: 'GET', url: `/api/v1/campaign-drafts/${id}` })).json().revision ?? 0;
  return h.admin({ method: 'POST', url: `/api/v1/campaign-drafts/${id}/apply`, payload: { open, revision: seen } });
};
const campaign = (key: string) => h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}` });
const exportSpec = (key: string) => h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/spec` });
const draftCount = async () => Number((await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from campaign_drafts`))[0].n);
const auditActions = async (target: string) => (await h.ctx.database.query<{ action: string }>(`select action from audit_log where target = $1 order by id`, [target])).map((r) => r.action);
const codesOf = (issues: { code: string; path: string }[]) => issues.map((i) => `${i.path} ${i.code}`);

async function fromTemplate(template: string): Promise<Json> {
  const res = await create({ from: 'template', template });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('starting a draft', () => {
  it.each(CAMPAIGN_TEMPLATES)('from the %s template: a whole file of this year, with no problem', async (template) => {
    const draft = await fromTemplate(template);
    expect(draft).toMatchObject({ issues: [], campaign: null, revision: 0, updatedBy: 'admin' });
    expect(draft.file.year).toBe(YEAR);
    expect(draft.file.key).toContain(String(YEAR));
    expect((await get(draft.id)).json()).toEqual(draft);
  });

  it('gives a second draft of the same template a key of its own', async () => {
    const a = await fromTemplate('fuling');
    const b = await fromTemplate('fuling');
    expect(b.file.key).not.toBe(a.file.key);
    expect(b.file.key).toMatch(new RegExp(`^fuling-${YEAR}-q1-\\d+$`));
  });

  it('lists the drafts with their key, name and number of problems', async () => {
    const draft = await fromTemplate('ningbo');
    await save(draft.id, { ...draft.file, units: [] }, 0);
    const list = (await h.admin({ method: 'GET', url: '/api/v1/campaign-drafts' })).json() as Json[];
    expect(list.find((d) => d.id === draft.id)).toMatchObject({ key: draft.file.key, name: draft.file.name, problems: 1, revision: 1, campaign: null });
  });

  it('refuses an unknown template, a copy of a campaign that does not exist, and callers who are not admins', async () => {
    expect((await create({ from: 'template', template: 'shanghai' })).statusCode).toBe(400);
    const missing = await create({ from: 'copy', campaign: 'nope-2026' });
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
    expect((await h.inject({ method: 'GET', url: '/api/v1/campaign-drafts' })).statusCode).toBe(401);
  });
});

describe('saving as you go', () => {
  it('keeps any JSON, answers every problem in the file’s order, and gives the file back with its fields in the order saved', async () => {
    const draft = await fromTemplate('blank');
    // Fields in an order of the editor's own (jsonb would sort them), and four problems.
    const { specVersion, key, ...rest } = draft.file;
    const file = { key, ...rest, specVersion, units: [{ name: '市民政局', key: 'Bad Key', category: 'nope' }], components: [{ ...rest.components[0], weight: 90 }] };
    const res = await save(draft.id, file, 0);
    expect(res.statusCode, res.body).toBe(200);
    const saved = res.json();
    expect(saved.revision).toBe(1);
    expect(codesOf(saved.issues)).toEqual(['units[0].key KEY_INVALID', 'units[0].category UNKNOWN_REFERENCE', 'components WEIGHTS_NOT_100']);
    const again = (await get(draft.id)).json();
    expect(JSON.stringify(again.file)).toBe(JSON.stringify(file));
    expect(again.issues).toEqual(saved.issues);
    // Not even JSON of a campaign: saved all the same, one problem at the root.
    const odd = await save(draft.id, [1, 'two'], 1);
    expect(odd.json()).toMatchObject({ revision: 2, file: [1, 'two'] });
    expect(codesOf(odd.json().issues)).toEqual(['(root) WRONG_TYPE']);
  });

  it('refuses a save made from an older revision with DRAFT_CONFLICT, keeping the newer one', async () => {
    const draft = await fromTemplate('blank');
    expect((await save(draft.id, { ...draft.file, theme: 'first' }, 0)).statusCode).toBe(200);
    const late = await save(draft.id, { ...draft.file, theme: 'second' }, 0);
    expect([late.statusCode, late.json().error.code]).toEqual([409, 'DRAFT_CONFLICT']);
    expect((await get(draft.id)).json()).toMatchObject({ revision: 1, file: { theme: 'first' } });
    const gone = await save(999_999, draft.file, 0);
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'DRAFT_NOT_FOUND']);
  });

  it('refuses hostile files with a clear 4xx and stores nothing: NUL, a lone surrogate, deep nesting, too large', async () => {
    const draft = await fromTemplate('blank');
    const nul = await save(draft.id, { ...draft.file, name: 'a\u0000b' }, 0);
    expect([nul.statusCode, nul.json().error.code, nul.json().error.details[0].path]).toEqual([422, 'TEXT_INVALID', 'body.file.name']);
    const lone = await save(draft.id, { ...draft.file, units: [{ key: 'u', name: '\ud800x', category: 'departments' }] }, 0);
    expect([lone.statusCode, lone.json().error.code]).toEqual([422, 'TEXT_INVALID']);
    const deep = await h.admin({ method: 'PUT', url: `/api/v1/campaign-drafts/${draft.id}`, headers: { 'content-type': 'application/json' }, payload: `{"revision":0,"file":${'['.repeat(10_000)}${']'.repeat(10_000)}}` });
    expect([deep.statusCode, deep.json().error.code]).toEqual([422, 'JSON_TOO_DEEP']);
    const huge = await save(draft.id, { ...draft.file, theme: 'x'.repeat(6 * 1024 * 1024) }, 0);
    expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const notJson = await h.admin({ method: 'PUT', url: `/api/v1/campaign-drafts/${draft.id}`, headers: { 'content-type': 'application/json' }, payload: '{"revision":0,"file":{"key":' });
    expect([notJson.statusCode, notJson.json().error.code]).toEqual([400, 'MALFORMED_JSON']);
    expect((await get(draft.id)).json()).toEqual(draft);
  });
});

describe('applying a draft', () => {
  it('imports a new campaign, opens it in the same step, deletes the draft, and leaves the trail', async () => {
    const draft = await fromTemplate('nantong');
    const before = await draftCount();
    const res = await apply(draft.id, true);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ created: true, campaign: { key: draft.file.key, status: 'open', ballots: 0 } });
    expect((await get(draft.id)).statusCode).toBe(404);
    expect(await draftCount()).toBe(before - 1);
    expect(await auditActions(draft.file.key)).toEqual(['draft.create', 'campaign.import', 'campaign.status', 'draft.apply']);
  });

  it('refuses to apply or open a revision the office did not see, applying nothing', async () => {
    const draft = await fromTemplate('ningbo');
    // Another tab saved since this one loaded the draft at revision 0.
    expect((await save(draft.id, { ...draft.file, name: `${draft.file.name}（另一窗口）` }, 0)).statusCode).toBe(200);
    const stale = await apply(draft.id, true, 0);
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'DRAFT_CONFLICT']);
    expect((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${draft.file.key}` })).statusCode).toBe(404);
    expect((await get(draft.id)).statusCode).toBe(200);
    expect((await apply(draft.id, true)).statusCode).toBe(201);
  });

  it('exports the applied campaign byte for byte as the draft saved it in the file’s form', async () => {
    const draft = await fromTemplate('fuling');
    const file = { ...draft.file, theme: '优化发展环境', units: [...draft.file.units, { key: 't-jiangdong', name: '江东街道', category: 'townships' }] };
    const text = JSON.stringify(file, null, 2);
    const saved = await save(draft.id, JSON.parse(text), 0);
    expect(saved.json().issues).toEqual([]);
    expect((await apply(draft.id)).json()).toMatchObject({ created: true, campaign: { status: 'draft' } });
    expect((await exportSpec(file.key)).body).toBe(text);
    // Editing it again starts from the same file.
    const edit = await create({ from: 'campaign', campaign: file.key });
    expect(JSON.stringify(edit.json().file, null, 2)).toBe(text);
  });

  it('refuses a file with problems with SPEC_INVALID and every problem, changing nothing', async () => {
    const draft = await fromTemplate('ningbo');
    await save(draft.id, { ...draft.file, components: [{ ...draft.file.components[0], weight: 50 }], groups: [] }, 0);
    const res = await apply(draft.id, true);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('SPEC_INVALID');
    expect(codesOf(res.json().error.details)).toEqual(['groups LIST_TOO_SHORT', 'components WEIGHTS_NOT_100']);
    expect((await campaign(draft.file.key)).statusCode).toBe(404);
    expect((await get(draft.id)).statusCode).toBe(200);
  });

  it('refuses a new campaign whose key another campaign has (CAMPAIGN_KEY_TAKEN), which the draft says beforehand', async () => {
    const first = await fromTemplate('blank');
    expect((await apply(first.id)).statusCode).toBe(201);
    const second = await fromTemplate('blank');
    const saved = await save(second.id, { ...second.file, key: first.file.key, name: '会覆盖的' }, 0);
    expect(codesOf(saved.json().issues)).toEqual(['key KEY_TAKEN']);
    const res = await apply(second.id);
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'CAMPAIGN_KEY_TAKEN']);
    expect((await campaign(first.file.key)).json().name).toBe(first.file.name);
  });

  it('applies one of two drafts of the same new key sent at the same moment, and refuses the other with CAMPAIGN_KEY_TAKEN', async () => {
    const a = await fromTemplate('ningbo');
    const b = await fromTemplate('ningbo');
    await save(b.id, { ...b.file, key: a.file.key }, 0);
    const results = await Promise.all([apply(a.id, true), apply(b.id, true)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('CAMPAIGN_KEY_TAKEN');
    expect(await draftCount()).toBeGreaterThan(0);
    expect((await campaign(a.file.key)).json().status).toBe('open');
  });

  // Needs two connections: with one, the second apply cannot start while the first holds it (races.ts).
  it.runIf(TWO_CONNECTIONS)('refuses with CAMPAIGN_KEY_TAKEN, and does not update, a campaign of the key committed between the draft’s key check and its import', async () => {
    const a = await fromTemplate('ningbo');
    const b = await fromTemplate('ningbo');
    await save(b.id, { ...b.file, key: a.file.key, name: '后到的' }, 0);
    // b's transaction is held right after finding the key free; a is applied and committed meanwhile.
    const [res, first] = await meet(
      h,
      holdAfter(campaignsRepo, 'byKey', (_on, key) => key === a.file.key),
      () => apply(b.id, true, 1),
      () => apply(a.id, true, 0),
      { secondWaits: false },
    );
    expect(first.statusCode, first.body).toBe(201);
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'CAMPAIGN_KEY_TAKEN']);
    expect((await campaign(a.file.key)).json()).toMatchObject({ name: a.file.name, status: 'open' });
    expect((await get(b.id)).statusCode).toBe(200);
  });

  it('rolls everything back when opening is not allowed: the import, the draft’s deletion, the trail', async () => {
    const draft = await fromTemplate('blank');
    expect((await apply(draft.id, true)).statusCode).toBe(201);
    const key = draft.file.key;
    const edit = (await create({ from: 'campaign', campaign: key })).json();
    await save(edit.id, { ...edit.file, theme: '改过的主题', rules: { ...edit.file.rules, decimals: 1 } }, 0);
    const trail = await auditActions(key);
    const res = await apply(edit.id, true); // it is open already
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'INVALID_STATUS_TRANSITION']);
    expect(JSON.parse((await exportSpec(key)).body)).toEqual(draft.file);
    expect((await get(edit.id)).statusCode).toBe(200);
    expect(await auditActions(key)).toEqual(trail);
    // Without opening it applies: the edited campaign is updated, not created.
    const ok = await apply(edit.id);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ created: false, campaign: { key, theme: '改过的主题', status: 'open' } });
  });

  it('keeps a draft of an existing campaign on that campaign’s key (KEY_FIXED)', async () => {
    const draft = await fromTemplate('blank');
    await apply(draft.id);
    const edit = (await create({ from: 'campaign', campaign: draft.file.key })).json();
    const saved = await save(edit.id, { ...edit.file, key: 'somewhere-else' }, 0);
    expect(codesOf(saved.json().issues)).toEqual(['key KEY_FIXED']);
    expect((await apply(edit.id)).json().error.code).toBe('SPEC_INVALID');
    expect((await campaign('somewhere-else')).statusCode).toBe(404);
  });
});

describe('a campaign with ballots', () => {
  const key = 'drafts-frozen-2026';
  let draft: Json;
  beforeAll(async () => {
    const imported = await h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: { ...EXAMPLE_SPEC, key } });
    expect(imported.statusCode).toBe(201);
    await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'open' } });
    const { codes } = await issueCodes(h, key, 'survey', 'citizens', 1);
    expect((await h.inject({ method: 'POST', url: `/api/v1/vote/${codes[0]}`, payload: ballotFor(['w-gs'], 'satisfied') })).statusCode).toBe(201);
    const res = await create({ from: 'campaign', campaign: key });
    expect(res.statusCode).toBe(201);
    draft = res.json();
  });

  it('is edited through its one open draft, which says it is frozen and why', async () => {
    expect(draft.campaign).toEqual({ key, status: 'open', ballots: 1, frozen: true });
    expect(draft.issues).toEqual([]);
    const again = await create({ from: 'campaign', campaign: key });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(draft.id);
  });

  it('names every changed locked field (FIELD_LOCKED, with the ballot count) and refuses to apply them; names and texts may change', async () => {
    const file = structuredClone(draft.file);
    file.name = '改名后的活动';
    file.units[0].name = '市发展改革委投资处';
    file.components[0].weight = 35;
    file.components[1].weight = 15;
    file.units.push({ key: 'w-new', name: '新窗口', category: 'windows' });
    const saved = (await save(draft.id, file, 0)).json();
    expect(saved.issues.map((i: Json) => [i.path, i.code, i.params])).toEqual([
      ['units[8]', 'FIELD_LOCKED', { ballots: 1 }],
      ['components[0].weight', 'FIELD_LOCKED', { ballots: 1 }],
      ['components[1].weight', 'FIELD_LOCKED', { ballots: 1 }],
    ]);
    const refused = await apply(draft.id);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'CAMPAIGN_FROZEN']);
    expect(refused.json().error.details.map((d: Json) => d.path)).toEqual(['units[8]', 'components[0].weight', 'components[1].weight']);
    expect((await exportSpec(key)).body).toBe(JSON.stringify({ ...EXAMPLE_SPEC, key }, null, 2));

    // Back to the frozen structure with the new names: applied.
    const texts = structuredClone(draft.file);
    texts.name = '改名后的活动';
    texts.units[0].name = '市发展改革委投资处';
    const ok = (await save(draft.id, texts, 1)).json();
    expect(ok.issues).toEqual([]);
    const applied = await apply(draft.id);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().campaign).toMatchObject({ name: '改名后的活动', ballots: 1, status: 'open' });
  });

  it('is copied for next year with every key kept, and the copy applies as a new campaign of the same series', async () => {
    const res = await create({ from: 'copy', campaign: key });
    expect(res.statusCode).toBe(201);
    const copy = res.json();
    expect(copy.campaign).toBeNull();
    expect(copy.file).toMatchObject({ key: 'drafts-frozen-2027', year: 2027, series: EXAMPLE_SPEC.series });
    for (const list of ['units', 'categories', 'groups', 'problems', 'scales', 'questionnaires', 'components']) expect(copy.file[list].map((x: Json) => x.key)).toEqual(EXAMPLE_SPEC[list].map((x: Json) => x.key));
    expect(copy.file.phases[0].start).toBe(EXAMPLE_SPEC.phases[0].start.replace('2026', '2027'));
    expect(copy.issues).toEqual([]);
    // A second copy does not collide with the first.
    expect((await create({ from: 'copy', campaign: key })).json().file.key).toBe('drafts-frozen-2027-2');
    const applied = await apply(copy.id);
    expect(applied.json()).toMatchObject({ created: true, campaign: { key: 'drafts-frozen-2027', series: EXAMPLE_SPEC.series, year: 2027, ballots: 0 } });
  });
});

describe('discarding a draft', () => {
  it('deletes it and leaves the trail', async () => {
    const draft = await fromTemplate('blank');
    const del = await h.admin({ method: 'DELETE', url: `/api/v1/campaign-drafts/${draft.id}` });
    expect(del.statusCode).toBe(204);
    expect((await get(draft.id)).statusCode).toBe(404);
    expect((await h.admin({ method: 'DELETE', url: `/api/v1/campaign-drafts/${draft.id}` })).statusCode).toBe(404);
    expect((await auditActions(draft.file.key)).slice(-1)).toEqual(['draft.delete']);
  });
});

describe('units as a spreadsheet', () => {
  const upload = (bytes: Buffer, query = '', type = XLSX) => h.admin({ method: 'POST', url: `/api/v1/campaign-drafts/units-xlsx${query}`, headers: { 'content-type': type }, payload: bytes });

  it('exports a draft’s units (类别 by name) and reads them back the same', async () => {
    const draft = await fromTemplate('nantong');
    const res = await h.admin({ method: 'GET', url: `/api/v1/campaign-drafts/${draft.id}/units.xlsx` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(book.worksheets[0].getRow(1).values).toEqual([undefined, '单位名称', '类别', '编码']);
    expect(book.worksheets[0].getRow(2).values).toEqual([undefined, '市发改委投资处', '被评处室', 'd-fgw-tz']);
    const back = await upload(res.rawPayload, `?draft=${draft.id}`);
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toEqual({ units: draft.file.units, issues: [] });
    // The way a browser sends a chosen file: multipart, field "file".
    const form = multipart('单位.xlsx', res.rawPayload, XLSX);
    const sent = await h.admin({ method: 'POST', url: `/api/v1/campaign-drafts/units-xlsx?draft=${draft.id}`, ...form });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toEqual({ units: draft.file.units, issues: [] });
    const en = await h.admin({ method: 'GET', url: `/api/v1/campaign-drafts/${draft.id}/units.xlsx?lang=en` });
    expect((await upload(en.rawPayload, `?draft=${draft.id}`)).json()).toEqual({ units: draft.file.units, issues: [] });
  });

  it('finds the header under a title, reads 类别 as a name or a key, leaves 编码 empty when not given, and names each row it cannot read', async () => {
    const draft = await fromTemplate('nantong');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['2027年被评单位名单']);
    sheet.addRow(['编码', '单位名称', '类别']);
    sheet.addRow(['', '市交通局建设处', '被评处室']);
    sheet.addRow(['W-TAX', '税务窗口', 'windows']);
    sheet.addRow([]);
    sheet.addRow(['bad key!', '某处', '被评处室']);
    sheet.addRow(['w-tax', '重复窗口', 'windows']);
    sheet.addRow(['', '', '被评窗口']);
    sheet.addRow(['', '某科', '科室']);
    sheet.addRow([1001, '数字编码处', '被评处室']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const res = await upload(bytes, `?draft=${draft.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().units).toEqual([
      { key: '', name: '市交通局建设处', category: 'divisions' },
      { key: 'w-tax', name: '税务窗口', category: 'windows' },
      { key: '1001', name: '数字编码处', category: 'divisions' },
    ]);
    expect(res.json().issues.map((i: Json) => [i.row, i.code, i.params])).toEqual([
      [4, 'KEY_INVALID', { value: 'bad key!' }],
      [5, 'DUPLICATE_KEY', { key: 'w-tax', first: 2 }],
      [6, 'NAME_MISSING', {}],
      [7, 'CATEGORY_UNKNOWN', { value: '科室' }],
    ]);
    // Without a draft, 类别 is answered as written.
    expect((await upload(bytes)).json().units[0]).toEqual({ key: '', name: '市交通局建设处', category: '被评处室' });
  });

  it('refuses bytes that are not a workbook, a workbook without the header, and another content type', async () => {
    const broken = await upload(Buffer.from('PK\u0003\u0004 not really a zip'));
    expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'XLSX_INVALID']);
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRow(['姓名', '电话']);
    const noHeader = await upload(Buffer.from(await book.xlsx.writeBuffer()));
    expect([noHeader.statusCode, noHeader.json().error.code]).toEqual([422, 'XLSX_NO_HEADER']);
    const json = await upload(Buffer.from('{}'), '', 'application/json');
    expect(json.statusCode).toBeGreaterThanOrEqual(400);
    expect(json.statusCode).toBeLessThan(500);
    const tooBig = await upload(Buffer.alloc(6 * 1024 * 1024));
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([413, 'BODY_TOO_LARGE']);
    const noDraft = await upload(Buffer.from(await book.xlsx.writeBuffer()), '?draft=999999');
    expect([noDraft.statusCode, noDraft.json().error.code]).toEqual([404, 'DRAFT_NOT_FOUND']);
  });
});
