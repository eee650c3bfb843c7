// The shipped deploy/nginx.conf, run by a real nginx (Debian's package) in
// front of the app: the pages and assets nginx serves itself carry the same
// security headers as the app's answers (an add_header in a location drops the
// inherited ones, which is how headers silently go missing), and the proxied
// API carries the app's own, once.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_CSP, SECURITY_HEADERS } from '../../server/src/plugins/security.js';
import { createHarness, type Harness } from './harness.js';
import { startShippedNginx, type ShippedNginx } from './nginx.js';

let h: Harness;
let nginx: ShippedNginx;
let base: string;
let root: string;

beforeAll(async () => {
  h = await createHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  // A build's shape (index.html and hashed assets), so the test never depends on a web build being there.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-dist-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="app"></div><script type="module" src="/assets/index-abc123.js"></script>');
  fs.writeFileSync(path.join(root, 'assets/index-abc123.js'), 'console.log(1);');
  nginx = await startShippedNginx({ apiPort: (h.app.server.address() as net.AddressInfo).port, root });
  base = `http://127.0.0.1:${nginx.port}`;
});
afterAll(async () => {
  await nginx?.stop();
  await h?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function expectAppHeaders(res: Response, what: string) {
  expect(res.headers.get('content-security-policy'), what).toBe(APP_CSP);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
}

it('sends the app’s security headers on pages and assets nginx serves, and the app’s own (once) on the API', async () => {
  const page = await fetch(`${base}/v/ABCDEFGHJKMNP`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="app">');
  expectAppHeaders(page, 'page');
  expect(page.headers.get('cache-control')).toBe('no-cache');

  const js = 'index-abc123.js';
  const asset = await fetch(`${base}/assets/${js}`);
  expect(asset.status).toBe(200);
  expectAppHeaders(asset, 'asset');
  expect(asset.headers.get('cache-control')).toContain('immutable');

  const missing = await fetch(`${base}/assets/nope.js`);
  expect(missing.status).toBe(404);
  expectAppHeaders(missing, 'missing asset'); // `always`

  const api = await fetch(`${base}/api/v1/campaigns`);
  expect(api.status).toBe(401);
  expectAppHeaders(api, 'api'); // a doubled header would read "a, a"
});
