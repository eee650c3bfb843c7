// Import, check or export a campaign file from the command line, through the
// admin API (so it works against any deployment the token belongs to).
//
//   npm run import-spec -- campaign.json                 import (create or update)
//   npm run import-spec -- campaign.json --check         validate only, store nothing
//   npm run import-spec -- --export nantong-2026 > f.json
//
// Options: --api URL (default $MINPING_API or http://localhost:3000),
// --token T (default $MINPING_TOKEN; create one in the console or POST /api/v1/auth/tokens),
// --lang zh|en: the language of the problem list (default en).
//
// Every problem of a file is printed at once, one a line: its path, what is
// wrong, and its code. The words come from the code and its parameters, with
// the console's own catalogue, so the list reads as the import page does.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { readJsonText } from '@minping/shared/spec-issues';
import { interpolate, type Params, type Translate } from '../web/src/lib/i18n/format';
import { issuePlace, issueText } from '../web/src/routes/admin/lib/spec-issues';
import zhCN from '../web/src/routes/admin/i18n/zh-CN';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { api: { type: 'string' }, token: { type: 'string' }, check: { type: 'boolean' }, export: { type: 'string' }, lang: { type: 'string', default: 'en' } },
});
const api = (values.api ?? process.env.MINPING_API ?? 'http://localhost:3000').replace(/\/+$/, '');
const token = values.token ?? process.env.MINPING_TOKEN;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

type Issue = { path: string; message: string; code?: string; params?: Record<string, string | number | string[]> };

/** The problems, one a line: in Chinese from the catalogue with --lang zh, else the API's English. */
function printIssues(issues: Issue[]) {
  const zh = values.lang?.startsWith('zh');
  const catalogue = zhCN as Record<string, string>;
  const tr: Translate = (key: string, params?: Params) => (key in catalogue ? interpolate(catalogue[key], params) : undefined);
  for (const i of issues) {
    const code = i.code ? `  [${i.code}]` : '';
    console.error(zh ? `  ${i.path}（${issuePlace(i.path, tr)}）：${issueText(i, tr)}${code}` : `  ${i.path}: ${i.message}${code}`);
  }
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
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    fail(`${file} cannot be read: ${(err as Error).message}`);
  }
  const read = readJsonText(text);
  if (!read.ok) {
    console.error(`${file} is not valid JSON; nothing was sent:`);
    printIssues([read.issue]);
    process.exit(1);
  }
  const res = await fetch(`${api}/api/v1/campaigns/${values.check ? 'validate' : 'import'}`, { method: 'POST', headers, body: JSON.stringify(read.value) });
  const answer = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: Issue[] }; created?: boolean; campaign?: { key: string } };
  if (!res.ok) {
    console.error(`${answer.error?.code ?? res.status}: ${answer.error?.message ?? 'request failed'}`);
    printIssues(answer.error?.details ?? []);
    process.exit(1);
  }
  console.log(values.check ? `${file} is a valid campaign file` : `${answer.created ? 'Created' : 'Updated'} campaign ${answer.campaign?.key}`);
}

main().catch((err) => fail(String(err)));
