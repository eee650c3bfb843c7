// /metrics tells whoever reads it how ballots flow minute by minute: only
// Prometheus (METRICS_TOKEN as a bearer) or an admin may read it, on the api
// and on the worker's own metrics server alike.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../server/src/modules/auth/auth.service.js';
import { listenForMetrics } from '../../server/src/jobs/metrics-server.js';
import { createHarness, type Harness } from './harness.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let h: Harness;
const servers: http.Server[] = [];

beforeAll(async () => {
  h = await createHarness({ METRICS_TOKEN: TOKEN });
});
afterAll(async () => {
  for (const s of servers) await new Promise((res) => s.close(res));
  await h.close();
});

describe("the api's /metrics", () => {
  it('refuses anyone without the token or an admin session, in the error envelope', async () => {
    const anonymous = await h.inject({ method: 'GET', url: '/metrics' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' }, requestId: expect.any(String) });
    expect(anonymous.body).not.toContain('minping_');

    const wrong = await h.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);

    await createUser(h.ctx, { username: 'reader', password: 'reader-password-1', role: 'evaluator' });
    const login = await h.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'reader', password: 'reader-password-1' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const evaluator = await h.inject({ method: 'GET', url: '/metrics', headers: { cookie } });
    expect(evaluator.statusCode).toBe(403);
    expect(evaluator.json().error.code).toBe('FORBIDDEN');
  });

  it('answers Prometheus with the token, and an admin', async () => {
    for (const res of [
      await h.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }),
      await h.admin({ method: 'GET', url: '/metrics' }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('# TYPE minping_ballots_accepted_total counter');
    }
  });
});

describe("the worker's metrics server", () => {
  async function serve(metricsToken: string | undefined): Promise<string> {
    const server = await listenForMetrics({ ...h.ctx, config: { ...h.ctx.config, metricsToken } }, '127.0.0.1', 0);
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('answers /metrics only with the token; /healthz stays open for probes', async () => {
    const base = await serve(TOKEN);
    const anonymous = await fetch(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('minping_queue_jobs');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('without METRICS_TOKEN answers /metrics to nobody', async () => {
    const base = await serve(undefined);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer ' } })).status).toBe(401);
  });
});
