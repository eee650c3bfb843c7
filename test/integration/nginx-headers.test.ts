// The shipped deploy/nginx.conf, run by a real nginx (Debian's package) in
// front of the app: the pages and assets nginx serves itself carry the same
// security headers as the app's answers (an add_header in a location drops the
// inherited ones, which is how headers silently go missing), and the proxied
// API carries the app's own, once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_CSP, SECURITY_HEADERS } from '../../server/src/plugins/security.js';
import { createHarness, type Harness } from './harness.js';

const NGINX = '/usr/sbin/nginx';
const ROOT = path.resolve(import.meta.dirname, '../..');
const WEB_DIST = path.join(ROOT, 'web/dist');
const runnable = fs.existsSync(NGINX) && fs.existsSync(path.join(WEB_DIST, 'index.html'));

let h: Harness;
let nginx: ChildProcess | undefined;
let base: string;
let dir: string;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  if (!runnable) return;
  h = await createHarness({ WEB_DIST });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const apiPort = (h.app.server.address() as net.AddressInfo).port;
  const port = await freePort();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-nginx-'));
  // The shipped file, with only what differs outside Docker changed: ports, paths, no Docker DNS.
  const site = fs
    .readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8')
    .replace(/^resolver .*$/m, '')
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('root /usr/share/nginx/html;', `root ${WEB_DIST};`)
    .replace('http://api:3000', `http://127.0.0.1:${apiPort}`)
    .replaceAll('/etc/nginx/snippets/security-headers.conf', path.join(ROOT, 'deploy/nginx-security-headers.conf'));
  expect(site).not.toContain('api:3000');
  fs.writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {}
     http { include /etc/nginx/mime.types; access_log off; ${temp} include ${dir}/site.conf; }`,
  );
  nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr!.on('data', (d) => (stderr += d));
  base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once('exit', r));
    nginx.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await h?.close();
});

function expectAppHeaders(res: Response, what: string) {
  expect(res.headers.get('content-security-policy'), what).toBe(APP_CSP);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
}

it.skipIf(!runnable)('sends the app’s security headers on pages and assets nginx serves, and the app’s own (once) on the API', async () => {
  const page = await fetch(`${base}/v/ABCDEFGHJKMNP`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="app">');
  expectAppHeaders(page, 'page');
  expect(page.headers.get('cache-control')).toBe('no-cache');

  const js = fs.readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
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
