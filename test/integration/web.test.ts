// The app server serves the web build: compressed files, client routes that
// survive a reload, and API paths that never fall through to the page.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ WEB_DIST });
});
afterAll(() => h.close());

it.skipIf(!fs.existsSync(path.join(WEB_DIST, 'index.html')))('serves pages and assets compressed, and API 404s as errors', async () => {
  const page = await h.inject({ method: 'GET', url: '/v/ABCD', headers: { 'accept-encoding': 'gzip, br' } });
  expect(page.statusCode, page.body.slice(0, 300)).toBe(200);
  expect(page.headers['content-encoding']).toBe('br');
  expect(page.headers['cache-control']).toBe('no-cache');
  const html = (await h.inject({ method: 'GET', url: '/results/x/method' })).body;
  expect(html).toContain('<div id="app"');
  const js = fs.readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js') && fs.existsSync(path.join(WEB_DIST, 'assets', `${f}.gz`)))!;
  const asset = await h.inject({ method: 'GET', url: `/assets/${js}`, headers: { 'accept-encoding': 'gzip' } });
  expect(asset.statusCode).toBe(200);
  expect(asset.headers['content-encoding']).toBe('gzip');
  expect(asset.headers['cache-control']).toContain('immutable');
  const api = await h.inject({ method: 'GET', url: '/api/v1/nothing-here' });
  expect(api.statusCode).toBe(404);
  expect(api.json().error.code).toBe('NOT_FOUND');
  expect((await h.inject({ method: 'GET', url: '/%E0%A4%A' })).statusCode).toBe(400); // a malformed address is the client's mistake, never a 500
  expect((await h.inject({ method: 'GET', url: '/../../etc/passwd' })).body).not.toContain('root:');
});
