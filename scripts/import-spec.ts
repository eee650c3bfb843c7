// Import, check or export a campaign file from the command line, through the
// admin API (so it works against any deployment the token belongs to).
//
//   npm run import-spec -- campaign.json                 import (create or update)
//   npm run import-spec -- campaign.json --check         validate only, store nothing
//   npm run import-spec -- --export nantong-2026 > f.json
//
// Options: --api URL (default $MINPING_API or http://localhost:3000),
// --token T (default $MINPING_TOKEN; create one in the console or POST /api/v1/auth/tokens).
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { api: { type: 'string' }, token: { type: 'string' }, check: { type: 'boolean' }, export: { type: 'string' } },
});
const api = (values.api ?? process.env.MINPING_API ?? 'http://localhost:3000').replace(/\/+$/, '');
const token = values.token ?? process.env.MINPING_TOKEN;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  if (!token) fail('Give an API token with --token or MINPING_TOKEN.');
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (values.export) {
    const res = await fetch(`${api}/api/v1/campaigns/${encodeURIComponent(values.export)}/spec`, { headers });
    if (!res.ok) fail(`Export failed (${res.status}): ${await res.text()}`);
    process.stdout.write(await res.text());
    return;
  }
  const file = positionals[0] ?? fail('Name a campaign file, or use --export KEY.');
  let body: string;
  try {
    body = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    fail(`${file} is not readable JSON: ${(err as Error).message}`);
  }
  const res = await fetch(`${api}/api/v1/campaigns/${values.check ? 'validate' : 'import'}`, { method: 'POST', headers, body });
  const answer = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: { path: string; message: string }[] }; created?: boolean; campaign?: { key: string } };
  if (!res.ok) {
    console.error(`${answer.error?.code ?? res.status}: ${answer.error?.message ?? 'request failed'}`);
    for (const d of answer.error?.details ?? []) console.error(`  ${d.path}: ${d.message}`);
    process.exit(1);
  }
  console.log(values.check ? `${file} is a valid campaign file` : `${answer.created ? 'Created' : 'Updated'} campaign ${answer.campaign?.key}`);
}

main().catch((err) => fail(String(err)));
