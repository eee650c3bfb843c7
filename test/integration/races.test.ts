// Changes made at the same moment: each pair below meets where a decision was
// taken on a read and acted on later. The first request is held inside its
// transaction, the second is seen waiting on a lock, then the first commits;
// the second must decide on what the first did, not overwrite it, and answer
// with its own stable code, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC, chosenPassword, createHarness, firstLogin, type Harness } from './harness.js';
import { TWO_CONNECTIONS, holdAfter, meet } from './races.js';
import { campaignsRepo } from '../../server/src/modules/campaigns/campaigns.repo.js';
import { resultsRepo } from '../../server/src/modules/results/results.repo.js';
import { usersRepo } from '../../server/src/modules/users/users.repo.js';
import { tasksRepo } from '../../server/src/modules/tasks/tasks.repo.js';
import { person } from './accountability-helpers.js';
import { authRepo } from '../../server/src/modules/auth/auth.repo.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

type Spec = typeof EXAMPLE_SPEC;
let n = 0;
const freshSpec = (): Spec => ({ ...EXAMPLE_SPEC, key: `race-${++n}-2026`, series: `race-${n}` });
const importSpec = (spec: object) => h.admin({ method: 'POST', url: '/api/v1/campaigns/import', payload: spec });
const setStatus = (key: string, status: string) => h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status } });
const publish = (key: string) => h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/publish` });
/** A fresh campaign, opened and closed: ready to publish. */
async function closedCampaign(): Promise<string> {
  const spec = freshSpec();
  await importSpec(spec);
  await setStatus(spec.key, 'open');
  await setStatus(spec.key, 'closed');
  return spec.key;
}
const campaignSpec = async (key: string) => JSON.parse((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}/spec` })).body);

describe.runIf(TWO_CONNECTIONS)('changes made at the same moment', () => {
  it('a name edited while an import commits keeps the import’s file (the edit is made on the file as it is now)', async () => {
    const spec = freshSpec();
    expect((await importSpec(spec)).statusCode).toBe(201);
    const added = { key: 'w-race-hall', name: '同时加入的窗口', category: 'windows' };
    const [imported, renamed] = await meet(
      h,
      holdAfter(campaignsRepo, 'upsertRegistries'),
      () => importSpec({ ...spec, units: [...spec.units, added] }),
      () => h.admin({ method: 'PATCH', url: `/api/v1/campaigns/${spec.key}`, payload: { name: '改过的名称' } }),
    );
    expect([imported.statusCode, renamed.statusCode]).toEqual([200, 200]);
    const file = await campaignSpec(spec.key);
    expect(file.name).toBe('改过的名称');
    expect(file.units.map((u: { key: string }) => u.key)).toContain(added.key);
  });

  it('two closes at the same moment: one closes, the other is refused INVALID_STATUS_TRANSITION', async () => {
    const spec = freshSpec();
    await importSpec(spec);
    expect((await setStatus(spec.key, 'open')).statusCode).toBe(200);
    const close = () => setStatus(spec.key, 'closed');
    const [closed, refused] = await meet(h, holdAfter(campaignsRepo, 'update', (_on, _id, set: { status?: string }) => set.status === 'closed'), close, close);
    expect(closed.statusCode).toBe(200);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'INVALID_STATUS_TRANSITION']);
    const trail = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'campaign.status' and target = $1`, [spec.key]);
    expect(Number(trail[0].n)).toBe(2); // opened, closed: once each
  });

  it('two publishes at the same moment make versions 1 and 2, not a 500', async () => {
    const key = await closedCampaign();
    const answers = await meet(h, holdAfter(resultsRepo, 'insertPublished'), () => publish(key), () => publish(key));
    expect(answers.map((r) => [r.statusCode, r.json().version])).toEqual([
      [201, 1],
      [201, 2],
    ]);
  });

  it('a reopen while results are published waits for the publish, then decides on the published campaign', async () => {
    const key = await closedCampaign();
    const [published, refused] = await meet(
      h,
      holdAfter(resultsRepo, 'insertPublished'),
      () => publish(key),
      () => setStatus(key, 'open'),
    );
    expect(published.statusCode).toBe(201);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'INVALID_STATUS_TRANSITION']);
    expect((await h.admin({ method: 'GET', url: `/api/v1/campaigns/${key}` })).json().status).toBe('published');
  });

  it.each([
    ['a reopen', 'INVALID_STATUS_TRANSITION', (key: string) => setStatus(key, 'open')],
    ['a name edited', 'RESULTS_NOT_READY', (key: string) => h.admin({ method: 'PATCH', url: `/api/v1/campaigns/${key}`, payload: { name: '公布时改名' } })],
  ])('%s between the results’ computation and their snapshot: the publish is refused %s, no version stored', async (_what, code, change) => {
    const key = await closedCampaign();
    const [refused, changed] = await meet(
      h,
      holdAfter(resultsRepo, 'saveResult'),
      () => publish(key),
      () => change(key),
      { secondWaits: false },
    );
    expect(changed.statusCode).toBe(200);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, code]);
    const versions = await h.ctx.database.query<{ n: number }>(`select count(*)::int as n from published_results r join campaigns c on c.id = r.campaign_id where c.key = $1`, [key]);
    expect(Number(versions[0].n)).toBe(0);
  });

  it('two imports of one new key at the same moment: the first creates it, the second updates it', async () => {
    const spec = freshSpec();
    const [first, again] = await meet(
      h,
      holdAfter(campaignsRepo, 'insert'),
      () => importSpec(spec),
      () => importSpec({ ...spec, theme: '第二次导入' }),
    );
    expect(first.statusCode).toBe(201);
    expect([again.statusCode, again.json().created]).toEqual([200, false]);
    expect((await campaignSpec(spec.key)).theme).toBe('第二次导入');
  });

  it('two invitations of one username at the same moment: one account, the other refused USERNAME_TAKEN', async () => {
    await importSpec(EXAMPLE_SPEC);
    const invite = () => h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'race-user', role: 'evaluator', campaigns: [EXAMPLE_SPEC.key] } });
    const [invited, refused] = await meet(h, holdAfter(usersRepo, 'insert'), invite, invite);
    expect(invited.statusCode).toBe(201);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'USERNAME_TAKEN']);
  });

  it('an admin’s reset made while the user changes their password stands; the change is refused CHANGED_MEANWHILE', async () => {
    await importSpec(EXAMPLE_SPEC);
    const invited = await h.admin({ method: 'POST', url: '/api/v1/users', payload: { username: 'race-reset', role: 'evaluator', campaigns: [EXAMPLE_SPEC.key] } });
    const { user, password: otp } = invited.json();
    const cookie = await firstLogin(h, 'race-reset', otp);
    const current = chosenPassword('race-reset');
    // The change is held after its current password was checked, before it writes the new one.
    const [refused, reset] = await meet(
      h,
      holdAfter(authRepo, 'clearAttempts'),
      () => h.inject({ method: 'POST', url: '/api/v1/me/password', payload: { current, next: 'Walrus pepper lantern 93 fog' }, headers: { cookie } }),
      () => h.admin({ method: 'POST', url: `/api/v1/users/${user.id}/password` }),
      { secondWaits: false },
    );
    expect(reset.statusCode).toBe(200);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'CHANGED_MEANWHILE']);
    const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'race-reset', password: reset.json().password } });
    expect([login.statusCode, login.json().mustChangePassword]).toEqual([200, true]);
  });

  it('an appeal filed while the office closes the task is seen: the close waits and is refused APPEAL_PENDING', async () => {
    await importSpec(EXAMPLE_SPEC);
    const unit = EXAMPLE_SPEC.units[4].key;
    const liaison = await person(h, 'race-liaison', 'liaison', { units: [unit] });
    const task = (await h.admin({ method: 'POST', url: '/api/v1/tasks', payload: { campaign: EXAMPLE_SPEC.key, unit, title: '同时的申诉', description: '办理中提出申诉。' } })).json();
    expect((await liaison({ method: 'POST', url: `/api/v1/tasks/${task.id}/answer`, payload: { text: '已整改' } })).statusCode).toBe(200);
    const [appealed, refused] = await meet(
      h,
      holdAfter(tasksRepo, 'insertAppeal'),
      () => liaison({ method: 'POST', url: `/api/v1/tasks/${task.id}/appeal`, payload: { reason: '不属于本单位职责。' } }),
      () => h.admin({ method: 'POST', url: `/api/v1/tasks/${task.id}/verify`, payload: { action: 'close', note: '销号' } }),
    );
    expect(appealed.statusCode).toBe(200);
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'APPEAL_PENDING']);
  });
});
