// The load client: node:http over keep-alive sockets, nothing else. Chosen
// over autocannon because every ballot needs its own code in the URL and the
// receipt of each 201 must be kept for the loss check afterwards, and over
// fetch because its per-request overhead is higher and the client shares the
// two cores with the server. Every run is bounded by a request count and a time.
import http from 'node:http';

export interface LoadRequest {
  method: string;
  path: string;
  body?: Buffer;
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Milliseconds per completed request, sorted ascending. */
  latencies: Float64Array;
  statuses: Record<string, number>;
  /** Requests that got no HTTP answer (socket error, timeout). */
  errors: number;
  completed: number;
  elapsedMs: number;
}

interface Options {
  port: number;
  /** Sockets kept open; with closedLoop also the number of clients. */
  concurrency: number;
  make(i: number): LoadRequest;
  /** Called with each answer: status, body text ('' when `bytesOnly`) and body size in bytes. */
  onResponse?(i: number, status: number, body: string, bytes: number): void;
  /** Count the body's bytes without decoding it (large or compressed answers). */
  bytesOnly?: boolean;
  timeoutMs?: number;
}

function send(agent: http.Agent, port: number, r: LoadRequest, timeoutMs: number, bytesOnly = false): Promise<{ status: number; body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(r.headers ?? {}) };
    if (r.body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = r.body.length;
    }
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (!bytesOnly) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: bytesOnly ? '' : Buffer.concat(chunks).toString('utf8'), bytes }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(r.body);
  });
}

function finish(latencies: number[], statuses: Record<string, number>, errors: number, started: number): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  return { latencies: sorted, statuses, errors, completed: latencies.length, elapsedMs: performance.now() - started };
}

/**
 * `concurrency` clients, each sending its next request as soon as the last one
 * is answered, until `total` requests are done or `maxMs` has passed. With
 * `ports`, client k sends everything to ports[k % ports.length] (several api
 * processes, the clients dealt out round-robin); otherwise to `port`.
 */
export async function closedLoop(opts: Options & { total: number; maxMs: number; ports?: number[] }): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + opts.maxMs;
  const ports = opts.ports?.length ? opts.ports : [opts.port];
  async function client(k: number) {
    const port = ports[k % ports.length];
    while (next < opts.total && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await send(agent, port, opts.make(i), opts.timeoutMs ?? 30_000, opts.bytesOnly);
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        opts.onResponse?.(i, res.status, res.body, res.bytes);
      } catch {
        errors++;
      }
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, (_, k) => client(k)));
  const result = finish(latencies, statuses, errors, started);
  agent.destroy();
  return result;
}

/**
 * A fixed arrival rate, whatever the answers do: request i is due at
 * start + i/rate, and its latency counts from when it was due (so a slow
 * answer that delays later requests is charged to them too; no coordinated omission).
 */
export async function openLoop(opts: Options & { rate: number; durationMs: number }): Promise<LoadResult & { sent: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const interval = 1000 / opts.rate;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let i = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && started + i * interval <= now) {
      const due = started + i * interval;
      const n = i++;
      pending.push(
        send(agent, opts.port, opts.make(n), opts.timeoutMs ?? 30_000, opts.bytesOnly).then(
          (res) => {
            latencies.push(performance.now() - due);
            statuses[res.status] = (statuses[res.status] ?? 0) + 1;
            opts.onResponse?.(n, res.status, res.body, res.bytes);
          },
          () => {
            errors++;
          },
        ),
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(interval, started + i * interval - performance.now()))));
  }
  await Promise.all(pending);
  const result = finish(latencies, statuses, errors, started);
  agent.destroy();
  return { ...result, sent: total };
}
