// Where a server's CPU went, from a V8 CPU profile (`node --cpu-prof`, see
// BENCH_NODE_ARGS in lib.ts): self time per category (framework, validation,
// logging, rate limit and Redis, committer, pg driver, ...), per module and
// per function. Functions of the bundled server are traced back to their
// source file by the `// path/to/file.ts` marks esbuild writes before each
// module in server/dist/main.js.
//   npx tsx scripts/bench/profile-summary.ts /tmp/prof/CPU.….cpuprofile [server/dist/main.js] [--json]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Source file of each line of an esbuild bundle: the latest `// file` mark above it. */
export function bundleModules(bundle: string): (line: number) => string {
  const starts: { line: number; file: string }[] = [];
  bundle.split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:server|shared|scripts|node_modules)\/\S+\.[cm]?[jt]s)$/.exec(text);
    if (m) starts.push({ line: i, file: m[1] });
  });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid].line <= line) {
        found = starts[mid].file;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** The module a frame belongs to: a source file, an npm package, a node: module, or a V8 pseudo-frame. */
export function moduleOf(frame: ProfileNode['callFrame'], inBundle?: (line: number) => string): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(v8) ${functionName || 'anonymous'}`;
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url.replace(/.*\/node_modules\//, 'node_modules/'));
  if (pkg) return pkg[1];
  if (inBundle && /\/dist\/[^/]+\.js$/.test(url)) {
    const file = inBundle(frame.lineNumber);
    return file.startsWith('node_modules/') ? file.split('/').slice(1, file.startsWith('node_modules/@') ? 3 : 2).join('/') : file;
  }
  const local = /\/((?:server|shared|scripts)\/src\/.*|scripts\/.*)$/.exec(url);
  return local ? local[1] : url;
}

// First match wins. Shared parts of the floor and the project are named the same, so the two profiles compare.
const CATEGORIES: [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['garbage collection', /^\(garbage collector\)$/],
  ['rate limit + Redis client', /^(@fastify\/rate-limit|ioredis|redis-parser|redis-errors|cluster-key-slot|denque|standard-as-callback|lodash\..*)$|lockout\.cache\.ts$/],
  ['queue (BullMQ)', /^(bullmq|msgpackr|cron-parser|luxon)$|\.queue\.ts$|worker-handoff\.ts$/],
  ['zod validation + serialization', /^(zod|fastify-type-provider-zod)$|shared\/src\/contracts\/|modules\/vote\/admission\.ts$/],
  ['pino logging', /^(pino|pino-std-serializers|sonic-boom|fast-redact|thread-stream|quick-format-unescaped|safe-stable-stringify|atomic-sleep|on-exit-leak-free)$|plugins\/logging\.ts$/],
  ['text guard', /plugins\/text-guard\.ts$|shared\/src\/text\.ts$/],
  ['security headers', /plugins\/security\.ts$/],
  ['metrics (prom-client)', /^(prom-client|tdigest|bintrees)$|infra\/metrics\.ts$/],
  ['committer + group commit', /modules\/vote\/(committer|group-commit|vote\.repo|questionnaire)\.ts$|scripts\/bench\/floor-server\.ts$/],
  ['vote route + service', /modules\/vote\/vote\.(routes|service)\.ts$/],
  ['pg driver', /^(pg|pg-protocol|pg-types|pg-pool|pg-connection-string|postgres-array|postgres-bytea|postgres-date|postgres-interval|pgpass|split2|drizzle-orm)$|infra\/db\.ts$/],
  ['fastify core (routing, hooks, reply)', /^(fastify|@fastify\/.*|find-my-way|avvio|light-my-request|fast-querystring|fast-json-stringify|fastify-plugin|toad-cache|secure-json-parse|process-warning|abstract-logging|content-type|fast-decode-uri-component|proxy-addr|forwarded|ipaddr\.js|rfdc|ret|safe-regex2|fast-uri|ajv|json-schema-ref-resolver|cookie|fast-content-type-parse)$/],
  ['keyed hashes, receipts, sealing (crypto)', /^node:(crypto|internal\/crypto)|lib\/secrets\.ts$|shared\/src\/codes\.ts$/],
  ['node http + net + streams', /^node:(_http|http|net|stream|events|buffer|internal\/(http|streams|stream_base|net|timers|async_hooks|process|event_target|util|url|buffer|errors|validators|fixed_queue|webstreams|dns|perf))/],
  ['JSON (V8)', /^\(v8\) JSON\./],
  ['other app code', /^(server|shared)\/src\//],
  ['V8 builtins + runtime', /^\((v8\)|program\))/],
];

export function categoryOf(module: string): string {
  return CATEGORIES.find(([, re]) => re.test(module))?.[0] ?? 'other';
}

// A socket write is a system call made in V8's native code: whose it is is the caller's question.
const SOCKET_WRITE = /^\(v8\) (writeUtf8String|writeLatin1String|writeUcs2String|writeBuffer|writev)$/;
const WRITER: [RegExp, string][] = [
  [/^(ioredis|@fastify\/rate-limit|bullmq)$/, 'socket writes to Redis'],
  [/^(pg|pg-pool|pg-protocol)$/, 'socket writes to PostgreSQL'],
];

/** The category of a sample's leaf: its module's, or for a socket write, the writer's (the nearest package or source file up the stack). */
function leafCategory(node: ProfileNode, module: string, parentOf: Map<number, ProfileNode>, moduleOfNode: (n: ProfileNode) => string): string {
  if (!SOCKET_WRITE.test(module)) return categoryOf(module);
  for (let p = parentOf.get(node.id); p; p = parentOf.get(p.id)) {
    const m = moduleOfNode(p);
    if (m.startsWith('node:') || m.startsWith('(')) continue;
    return WRITER.find(([re]) => re.test(m))?.[1] ?? 'socket writes of HTTP answers';
  }
  return 'socket writes of HTTP answers';
}

export interface Summary {
  busyMs: number;
  idleMs: number;
  categories: { name: string; ms: number; share: number }[];
  modules: { name: string; category: string; ms: number; share: number }[];
  functions: { name: string; module: string; ms: number; share: number }[];
}

/** Self time per category, module and function, as shares of the busy (non-idle) time. */
export function summarise(profile: CpuProfile, inBundle?: (line: number) => string, top = 25): Summary {
  const parentOf = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n);
  const moduleOfNode = (n: ProfileNode) => moduleOf(n.callFrame, inBundle);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byCategory = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, { module: string; us: number }>();
  let idle = 0;
  let busy = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const module = moduleOfNode(node);
    const category = leafCategory(node, module, parentOf, moduleOfNode);
    if (category === 'idle') {
      idle += us;
      continue;
    }
    busy += us;
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${module}:${node.callFrame.lineNumber + 1}`;
    const f = byFunction.get(fn) ?? { module, us: 0 };
    f.us += us;
    byFunction.set(fn, f);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((us / busy) * 1000) / 1000;
  const sorted = <T>(m: Map<string, T>, us: (v: T) => number) => [...m.entries()].sort((a, b) => us(b[1]) - us(a[1]));
  return {
    busyMs: ms(busy),
    idleMs: ms(idle),
    categories: sorted(byCategory, (v) => v).map(([name, us]) => ({ name, ms: ms(us), share: share(us) })),
    modules: sorted(byModule, (v) => v).slice(0, top).map(([name, us]) => ({ name, category: categoryOf(name), ms: ms(us), share: share(us) })),
    functions: sorted(byFunction, (v) => v.us).slice(0, top).map(([name, v]) => ({ name, module: v.module, ms: ms(v.us), share: share(v.us) })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, bundleArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [server/dist/main.js] [--json]');
  const bundle = bundleArg ?? path.resolve(import.meta.dirname, '../../server/dist/main.js');
  const inBundle = fs.existsSync(bundle) ? bundleModules(fs.readFileSync(bundle, 'utf8')) : undefined;
  const s = summarise(JSON.parse(fs.readFileSync(file, 'utf8')), inBundle);
  if (process.argv.includes('--json')) console.log(JSON.stringify(s));
  else {
    const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
    console.log(`busy ${s.busyMs} ms, idle ${s.idleMs} ms\n\ncategory`);
    for (const c of s.categories) console.log(`${pct(c.share)}  ${String(c.ms).padStart(8)} ms  ${c.name}`);
    console.log('\nmodule');
    for (const m of s.modules) console.log(`${pct(m.share)}  ${m.name}  [${m.category}]`);
    console.log('\nfunction (self)');
    for (const f of s.functions) console.log(`${pct(f.share)}  ${f.name}`);
  }
}
