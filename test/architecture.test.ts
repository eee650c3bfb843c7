// The seams of the codebase, checked on every run: a file that reaches across
// one fails here with its name, rather than being found in the next review.
//   - only repositories (and the infrastructure they stand on) touch SQL, Redis or the queue;
//   - arrows point one way: infra ← modules ← plugins/app ← main, and nothing in the server reaches into scripts/ or test/;
//   - the web's areas (admin, accountability, unit, inspect, results, vote) share through web/src/lib only.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function walk(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(rel, ext));
    else if (ext.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** Relative imports of a file, resolved to repository paths (without extension). */
function importsOf(file: string): string[] {
  const src = read(file);
  const specs = [...src.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((s) => path.join(path.dirname(file), s).replace(/\.(js|ts)$/, ''));
}

const serverFiles = walk('server/src', /\.ts$/);

/**
 * Where SQL, Redis and the queue may be spoken: repositories (`*.repo.ts` for
 * PostgreSQL, `*.queue.ts` and `*.cache.ts` for the queue and Redis) and the
 * infrastructure itself.
 */
const isDataAccess = (f: string) => /\.(repo|queue|cache)\.ts$/.test(f) || f.startsWith('server/src/infra/') || f.startsWith('server/src/db/');

// What only data access may contain. A service hands `tx`, `ctx.database`,
// `ctx.queue` or `ctx.redis` to repositories and may open a unit of work; it
// does not speak through them itself.
const DATA_ACCESS = [
  { what: 'raw SQL', re: /\b(?:q|query|tx\.query|database\.query)(?:<[^>]*>)?\(\s*[`'"]\s*(?:select|insert|update|delete|with)\b/i },
  { what: 'a query-builder statement', re: /\.(?:select|insert|update|delete)\([^)]*\)\s*\.(?:from|values|set|where)\(/ },
  { what: 'drizzle operators', re: /from ['"]drizzle-orm['"]/ },
  { what: 'Redis', re: /\bctx\.(?:redis|queueRedis)\.\w/ },
  { what: 'the queue', re: /\bctx\.queue\.\w/ },
  { what: 'the pool or builder', re: /\b(?:database|tx)\.(?:query|db|pool)\b/ },
];

describe('the server’s layers', () => {
  it('lets only repositories and infra touch SQL, Redis or the queue', () => {
    const offences: string[] = [];
    for (const f of serverFiles.filter((f) => !isDataAccess(f))) {
      const src = read(f);
      for (const rule of DATA_ACCESS) if (rule.re.test(src)) offences.push(`${f}: ${rule.what}`);
    }
    expect(offences).toEqual([]);
  });

  it('points its arrows one way', () => {
    const offences: string[] = [];
    for (const f of serverFiles) {
      for (const target of importsOf(f)) {
        if (!target.startsWith('server/src/')) offences.push(`${f} imports ${target} (outside the server)`);
        if (f.startsWith('server/src/infra/') && /^server\/src\/(modules|plugins|jobs|app|main)/.test(target)) offences.push(`${f} (infra) imports ${target}`);
        if (f.startsWith('server/src/modules/') && /^server\/src\/(app|main|jobs\/worker)/.test(target)) offences.push(`${f} (a module) imports ${target}`);
        if (!/\.routes$/.test(f.replace(/\.ts$/, '')) && f !== 'server/src/app.ts' && /\.routes$/.test(target)) offences.push(`${f} imports the route file ${target}`);
        if (f.startsWith('server/src/plugins/') && /^server\/src\/jobs\//.test(target)) offences.push(`${f} (a plugin) imports ${target}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps routes thin: no route file opens a transaction', () => {
    const offences = serverFiles.filter((f) => f.endsWith('.routes.ts') && /\.transaction\(/.test(read(f)));
    expect(offences).toEqual([]);
  });
});

describe('the web’s areas', () => {
  const AREAS = ['admin', 'accountability', 'unit', 'inspect', 'results', 'vote', 'receipt'];
  it('share through web/src/lib only, never by importing one another', () => {
    const offences: string[] = [];
    for (const f of walk('web/src/routes', /\.(ts|svelte)$/)) {
      const area = f.split('/')[3];
      if (!AREAS.includes(area)) continue;
      for (const target of importsOf(f)) {
        const other = target.startsWith('web/src/routes/') ? target.split('/')[3] : null;
        if (other && other !== area && AREAS.includes(other)) offences.push(`${f} imports ${target}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
