// First run without configuration: use REDIS_URL, else a Redis on
// 127.0.0.1:6379, else start a redis-server found on the PATH (data kept in
// DATA_DIR), else say plainly how to get one.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';

function answersPing(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG') || d.toString().startsWith('-NOAUTH')));
  });
}

/** A port nothing listens on now (the OS picks it), for a server started next. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function locateRedis(redisUrl: string | undefined, dataDir: string): Promise<{ url: string; stop?: () => void }> {
  if (redisUrl) return { url: redisUrl };
  if (await answersPing(6379)) return { url: 'redis://127.0.0.1:6379' };
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) {
    throw new Error(
      'No Redis found. Set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server ' +
        '(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) and run npm start again.',
    );
  }
  const port = await freePort();
  const dir = path.resolve(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const child = spawn(found, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await answersPing(port)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() };
}
