// The shipped deploy/nginx.conf run by a real nginx (Debian's package) in
// front of an api listening on this machine, for the tests that must see what
// a deployment sees. Only what ties the file to Docker is swapped, and every
// swap must match: a change to the file that these swaps no longer understand
// fails the tests rather than testing something else.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NGINX_CONF = path.join(ROOT, 'deploy/nginx.conf');
const HEADERS_SNIPPET = path.join(ROOT, 'deploy/nginx-security-headers.conf');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p)) ?? 'nginx';

export interface ShippedNginx {
  port: number;
  /** nginx's own files: access.log, error.log. */
  prefix: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

function renderConf(opts: { port: number; apiPort: number; root: string; prefix: string }): string {
  let conf = fs.readFileSync(NGINX_CONF, 'utf8');
  const { port, apiPort, root, prefix } = opts;
  const swaps: [RegExp, string][] = [
    [/^resolver 127\.0\.0\.11 .*;$/m, 'resolver 127.0.0.1 ipv6=off;'],
    [/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`],
    [/^(\s*)root \/usr\/share\/nginx\/html;$/m, `$1root ${root};`],
    [/http:\/\/api:3000;/, `http://127.0.0.1:${apiPort};`],
    [/\/var\/log\/nginx\/access\.log/, `${prefix}/access.log`],
    [/\/var\/log\/nginx\/error\.log/, `${prefix}/error.log`],
    [/\/etc\/nginx\/snippets\/security-headers\.conf/g, HEADERS_SNIPPET],
  ];
  for (const [re, to] of swaps) {
    if (!re.test(conf)) throw new Error(`deploy/nginx.conf no longer has ${re}; update the swaps in test/integration/nginx.ts`);
    re.lastIndex = 0;
    conf = conf.replace(re, to);
  }
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${prefix}/${t};`).join('\n');
  return `daemon off;\nmaster_process off;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log;\nevents { worker_connections 256; }\nhttp {\n  include /etc/nginx/mime.types;\n${temp}\n${conf}\n}\n`;
}

/** Starts nginx on a free loopback port in front of the api on apiPort; ready once /healthz answers through it. */
export async function startShippedNginx(opts: { apiPort: number; root: string }): Promise<ShippedNginx> {
  const version = spawnSync(NGINX, ['-v']);
  if (version.error || version.status !== 0) throw new Error('nginx is not installed: `apt-get install nginx` (.ci/run does)');
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'minping-nginx-'));
  const port = await freePort();
  fs.writeFileSync(`${prefix}/nginx.conf`, renderConf({ ...opts, port, prefix }));
  const nginx: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', `${prefix}/nginx.conf`, '-e', `${prefix}/error.log`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<never>((_, reject) => nginx.once('exit', (c) => reject(new Error(`nginx exited (${c}): ${stderr}`))));
  exited.catch(() => {});
  const stop = async () => {
    if (nginx.exitCode === null && nginx.signalCode === null) {
      const gone = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(prefix, { recursive: true, force: true });
  };
  // Ready when a probe goes all the way through nginx to the api.
  const until = Date.now() + 20_000;
  for (;;) {
    const ok = await Promise.race([exited, fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)]).catch(async (e) => {
      await stop();
      throw e;
    });
    if (ok) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`nginx did not come up: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, prefix, stop };
}
