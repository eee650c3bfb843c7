// Where memory and CPU go while a benchmark runs: the api's RSS from
// /proc/<pid>/status, its V8 heap from /metrics, CPU per process from
// /proc/<pid>/stat and the whole machine's from /proc/stat (this box is
// shared; a figure taken while something else burns a core says little).
import fs from 'node:fs';
import os from 'node:os';
import { METRICS_TOKEN, httpRequest, log, round, type Bench } from './lib.js';

/** Every api process's /metrics text. */
const metricsTexts = (b: Bench) =>
  Promise.all(b.apis.map(async (api) => (await httpRequest(api.port!, 'GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` })).body));

/** A sample's value in a /metrics text (labels ignored: the first sample of that name). */
const sample = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

/** Sum and count of a Prometheus histogram on the api's /metrics (added up over every api process). */
export async function histogram(b: Bench, name: string): Promise<{ sum: number; count: number }> {
  const total = { sum: 0, count: 0 };
  for (const text of await metricsTexts(b)) {
    total.sum += sample(text, `${name}_sum`);
    total.count += sample(text, `${name}_count`);
  }
  return total;
}

/** A Prometheus counter on the api's /metrics, added up over every api process. */
export async function counter(b: Bench, name: string): Promise<number> {
  return (await metricsTexts(b)).reduce((n, text) => n + sample(text, name), 0);
}

/** The (first) api's V8 heap as its /metrics reports it, in MB: where the resident memory goes. */
export async function heapMb(b: Bench): Promise<Record<string, number>> {
  const text = (await b.request('GET', '/metrics', undefined, { authorization: `Bearer ${METRICS_TOKEN}` })).body;
  const mb = (re: RegExp) => round(Number(re.exec(text)?.[1] ?? NaN) / 1048576, 1);
  return {
    heapTotal: mb(/^nodejs_heap_size_total_bytes (\S+)$/m),
    heapUsed: mb(/^nodejs_heap_size_used_bytes (\S+)$/m),
    newSpace: mb(/^nodejs_heap_space_size_total_bytes\{space="new"\} (\S+)$/m),
    oldSpace: mb(/^nodejs_heap_space_size_total_bytes\{space="old"\} (\S+)$/m),
    external: mb(/^nodejs_external_memory_bytes (\S+)$/m),
  };
}

// ---- measuring -----------------------------------------------------------------------

export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS (VmRSS) every 250 ms until stopped; returns the largest, the last and the series. */
export function sampleRss(pid: number, everyMs = 250) {
  const series: number[] = [];
  const take = () => {
    const v = rssMb(pid);
    if (v !== null) series.push(v);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { maxMb: Math.max(...series), lastMb: series[series.length - 1], samples: series.length, series };
    },
  };
}

/** CPU seconds (user+system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s on Linux)
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by each live process whose command name is one of `names` (e.g. every PostgreSQL backend). */
export function cpuByPid(names: string[]): Map<number, { name: string; seconds: number }> {
  const out = new Map<number, { name: string; seconds: number }>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!names.includes(name)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Per name, the CPU used between two cpuByPid snapshots by the processes alive at the second (those that ended in between are missed). */
function cpuDelta(a: ReturnType<typeof cpuByPid>, z: ReturnType<typeof cpuByPid>, names: string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (const [pid, end] of z) {
    const start = a.get(pid);
    out[end.name] += end.seconds - (start && start.name === end.name ? start.seconds : 0);
  }
  return out;
}

/**
 * Cores busy on the whole machine over `ms`, before we load it: this box is
 * shared, and a figure taken while something else burns a core means little.
 * Waits (up to `maxWaitMs`) for a quiet moment; returns the background load seen.
 */
export async function awaitQuiet(maxBusyCores = 0.3, maxWaitMs = 180_000, ms = 2000): Promise<number> {
  const until = Date.now() + maxWaitMs;
  for (;;) {
    const a = machineCpu();
    await new Promise((r) => setTimeout(r, ms));
    const b = machineCpu();
    const busy = ((b.busy - a.busy) / (b.total - a.total)) * os.cpus().length;
    if (busy <= maxBusyCores || Date.now() > until) return round(busy, 2);
    log(`machine busy (${busy.toFixed(2)} cores) with other work; waiting for a quiet moment`);
  }
}

/**
 * Where the cores went between start() and stop(): our roles by pid (the
 * api, every api process together, and the worker; or the `roles` given, e.g.
 * a bare server), this
 * program (the load client), PostgreSQL and Redis by process name (backends
 * started during the window count from their start), and "other": the
 * kernel, processes that ended in between, anything else on the machine.
 */
export function cpuWindow(b: Bench, roles?: Record<string, number>) {
  // Each role is a list of pids, counted together (the api may be several processes).
  const pids: Record<string, number[]> = roles
    ? Object.fromEntries(Object.entries(roles).map(([k, pid]) => [k, [pid]]))
    : { api: b.apis.map((r) => r.pid), worker: b.worker ? [b.worker.pid] : [] };
  const take = () => ({
    roles: Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.reduce((sum, pid) => sum + (pid ? cpuSeconds(pid) : 0), 0)])),
    client: process.cpuUsage(),
    named: cpuByPid(['postgres', 'redis-server']),
    machine: machineCpu(),
    at: performance.now(),
  });
  const a = take();
  let z: ReturnType<typeof take> | null = null;
  return {
    /** PostgreSQL's cores by connection (postgresByApp); after stop(). */
    postgresBy(apps: Map<number, string>) {
      return postgresByApp(a.named, z!.named, apps, (z!.at - a.at) / 1000);
    },
    stop(): Record<string, number> {
      const end = take();
      z = end;
      const s = (end.at - a.at) / 1000;
      const c = (x: number) => round(x / s, 2);
      const client = process.cpuUsage(a.client);
      const named = cpuDelta(a.named, end.named, ['postgres', 'redis-server']);
      const used = {
        ...Object.fromEntries(Object.keys(pids).map((k) => [k, c(end.roles[k] - a.roles[k])])),
        client: c((client.user + client.system) / 1e6),
        postgres: c(named.postgres),
        redis: c(named['redis-server']),
      };
      const busy = ((end.machine.busy - a.machine.busy) / (end.machine.total - a.machine.total)) * os.cpus().length;
      // Per-process and whole-machine counters tick separately: "other" near 0 can come out a hair below it.
      return { busy: round(busy, 2), ...used, other: round(Math.max(0, busy - Object.values(used).reduce((x, y) => x + y, 0)), 2) };
    },
  };
}

/**
 * PostgreSQL's CPU between two cpuByPid snapshots, by whose connection the
 * backend serves (its application_name: the bench names the api's and the
 * worker's connections with PGAPPNAME); "rest": checkpointer, WAL writer,
 * autovacuum, other clients. `apps`: pid → application_name, read from
 * pg_stat_activity at the end of the window.
 */
export function postgresByApp(a: ReturnType<typeof cpuByPid>, z: ReturnType<typeof cpuByPid>, apps: Map<number, string>, seconds: number) {
  const out: Record<string, number> = {};
  for (const [pid, end] of z) {
    if (end.name !== 'postgres') continue;
    const start = a.get(pid);
    const who = (apps.get(pid) ?? '').replace(/^minping-bench-/, '') || 'rest';
    out[who] = (out[who] ?? 0) + end.seconds - (start?.name === 'postgres' ? start.seconds : 0);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, round(v / seconds, 2)]));
}

/** Milliseconds of CPU per item of each part of a cpuWindow, at `perSecond` items a second. */
export function msPer(cores: Record<string, number>, perSecond: number): Record<string, number> {
  const { busy: _busy, ...parts } = cores;
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round((v / perSecond) * 1000, 3)]));
}

/** Busy and total jiffies of the whole machine (every process, ours or not). */
export function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const idle = line[3] + line[4];
  const total = line.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
