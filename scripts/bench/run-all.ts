// Every benchmark, one after the other (they share the machine and the
// `minping_bench` database name, so never in parallel): `npm run bench`.
// Their JSON lines go to stdout as they come; a summary of the figures with a
// target goes to stderr at the end. BENCH_ONLY=submit,export runs a subset.
// Exit status 1 only when a program failed to run; a missed target is a
// figure to report, not an error.
import { spawn } from 'node:child_process';
import path from 'node:path';

const PROGRAMS = ['submit', 'recompute', 'rankings', 'export', 'voter-page', 'upkeep'];
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const dir = import.meta.dirname;

function run(name: string): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Record<string, unknown>[] = [];
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      rest += chunk;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        if (!line.trim()) continue;
        process.stdout.write(`${line}\n`);
        try {
          lines.push(JSON.parse(line));
        } catch {
          /* not a figure */
        }
      }
    });
    // Stopping the run stops the program, which cleans up after itself.
    const forward = () => child.kill('SIGINT');
    process.on('SIGINT', forward);
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      resolve({ code: code ?? 1, lines });
    });
  });
}

const figures: Record<string, unknown>[] = [];
const failed: string[] = [];
for (const name of PROGRAMS.filter((p) => !only || only.includes(p))) {
  process.stderr.write(`\n=== ${name} ===\n`);
  const { code, lines } = await run(name);
  figures.push(...lines);
  if (code !== 0) failed.push(`${name} (exit ${code})`);
}

process.stderr.write('\n=== summary ===\n');
for (const f of figures.filter((x) => 'target' in x)) {
  const mark = f.pass ? 'met ' : 'MISS';
  process.stderr.write(`${mark}  ${String(f.bench).padEnd(10)} ${String(f.figure).padEnd(36)} ${String(f.value).padStart(9)} ${String(f.unit).padEnd(18)} target ${f.target}\n`);
}
if (failed.length) process.stderr.write(`failed to run: ${failed.join(', ')}\n`);
process.exit(failed.length ? 1 : 0);
