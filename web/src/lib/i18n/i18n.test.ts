// Every visible string comes from a catalogue, zh-CN first, en complete.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@minping/shared/errors';
import { RECEIPT_STATES } from '@minping/shared/contracts/vote';
import { CSV_ROW_ISSUE_CODES } from '@minping/shared/contracts/scores';
import { campaignSpecSchema, SPEC_ISSUE_CODES } from '@minping/shared/spec';
import { interpolate, pickLang } from './format';

type Catalogue = Record<string, string>;
const modules = import.meta.glob<{ default: Catalogue }>('../../**/i18n/{zh-CN,en}.ts', { eager: true });

// Pairs of catalogues by folder: lib/i18n (the frame) and each area's own.
const pairs = new Map<string, { zh?: Catalogue; en?: Catalogue }>();
for (const [file, mod] of Object.entries(modules)) {
  // Glob keys are relative to this folder (lib/i18n); name folders from src/.
  const dir = path.posix.dirname(path.posix.join('lib/i18n', file));
  const pair = pairs.get(dir) ?? {};
  if (file.endsWith('zh-CN.ts')) pair.zh = mod.default;
  else pair.en = mod.default;
  pairs.set(dir, pair);
}
const allZh: Catalogue = Object.assign({}, ...[...pairs.values()].map((p) => p.zh));

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  it('are found for the frame and every area', () => {
    expect([...pairs.keys()]).toEqual(expect.arrayContaining(['lib/i18n', 'lib/voter/i18n', 'routes/admin/i18n', 'routes/results/i18n', 'routes/admin/tasks/i18n', 'lib/console/i18n', 'routes/unit/i18n', 'routes/inspect/i18n']));
  });

  for (const [dir, { zh, en }] of pairs) {
    describe(dir, () => {
      it('has both zh-CN and en', () => {
        expect(zh, `${dir}/zh-CN.ts`).toBeDefined();
        expect(en, `${dir}/en.ts`).toBeDefined();
      });

      it('has every key in both languages, none empty', () => {
        expect(Object.keys(en!).sort()).toEqual(Object.keys(zh!).sort());
        for (const [key, text] of [...Object.entries(zh!), ...Object.entries(en!)]) expect(text.trim(), key).not.toBe('');
      });

      it('uses the same {placeholders} in both languages', () => {
        for (const key of Object.keys(zh!)) expect(placeholders(en![key] ?? ''), key).toEqual(placeholders(zh![key]));
      });
    });
  }

  it('translates every error code the server can send', () => {
    const missing = ERROR_CODES.filter((code) => !(`error.${code}` in allZh));
    expect(missing).toEqual([]);
    for (const code of ['generic', 'NETWORK', 'TIMEOUT']) expect(allZh).toHaveProperty([`error.${code}`]);
  });

  it('says every problem a campaign file can have, and names every field of the file', () => {
    expect(SPEC_ISSUE_CODES.filter((code) => !(`spec.issue.${code}` in allZh))).toEqual([]);
    // Every field, by its label under its parent (questionnaires.units) or its own.
    const unnamed: string[] = [];
    const walk = (schema: unknown, parent?: string) => {
      const def = (schema as { _zod: { def: Record<string, any> } })._zod.def;
      if (def.type === 'object') {
        for (const [name, inner] of Object.entries(def.shape)) {
          if (!(`spec.field.${parent}.${name}` in allZh || `spec.field.${name}` in allZh)) unnamed.push(parent ? `${parent}.${name}` : name);
          walk(inner, name);
        }
      } else if (def.type === 'array') walk(def.element, parent);
      else if (def.type === 'union') for (const option of def.options) walk(option, parent);
      else if (def.innerType) walk(def.innerType, parent);
    };
    walk(campaignSpecSchema);
    expect(unnamed).toEqual([]);
    expect(allZh).toHaveProperty(['spec.field.fraud']);
    expect(allZh).toHaveProperty(['spec.field.disabled']);
  });

  it('says every problem a row of a scores CSV can have, and no other', () => {
    const said = Object.keys(allZh).filter((k) => k.startsWith('console.detail.'));
    expect(said.sort()).toEqual(CSV_ROW_ISSUE_CODES.map((code) => `console.detail.${code}`).sort());
  });

  it('names every receipt state and every retry reason', () => {
    for (const state of RECEIPT_STATES) {
      expect(allZh).toHaveProperty([`receipt.state.${state}`]);
      expect(allZh).toHaveProperty([`receipt.state.${state}.help`]);
    }
    for (const reason of ['offline', 'network', 'server', 'busy']) expect(allZh).toHaveProperty([`vote.wait.${reason}`]);
  });

  // Keys built at run time: error.<CODE>, receipt.state.<state>, vote.wait.<reason>, spec.<issue|field|type|list>.<name>,
  // console.detail.<CODE> (a CSV row's problem, held to CSV_ROW_ISSUE_CODES above),
  // text.<CODE> (coded texts; console/coded-text.test.ts holds them to the codes), and the editor's
  // editor.<section|row|scales.preset|rules.fraud|template>.<name> (each list checked in editor.test.ts).
  const DYNAMIC = [/^error\./, /^console\.detail\./, /^receipt\.state\./, /^vote\.wait\./, /^spec\./, /^text\./, /^editor\.(section|row|scales\.preset|rules\.fraud|template)/];

  it('has every key the source code names, and no key nothing uses', () => {
    const src = fileURLToPath(new URL('../..', import.meta.url));
    const files = (fs.readdirSync(src, { recursive: true }) as string[]).filter(
      (f) => /\.(svelte|ts)$/.test(f) && !f.endsWith('.test.ts') && !f.includes(`i18n${path.sep}`),
    );
    // t('key'), setTitle('key'), someKey="key" props and { key: 'key' } results.
    const patterns = [/\bt\(\s*'([\w.-]+)'/g, /setTitle\(\s*'([\w.-]+)'/g, /\w+Key="([\w.-]+)"/g, /\bkey: '([a-z]+\.[\w.-]+)'/g];
    const used = new Set<string>();
    const literals = new Set<string>(); // any quoted 'a.b' counts as a use, e.g. cond ? 'code.tooShort' : 'code.tooLong'
    for (const f of files) {
      const text = fs.readFileSync(path.join(src, f), 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) used.add(m[1]);
      for (const m of text.matchAll(/['"]([a-z][\w]*\.[\w.-]+)['"]/g)) literals.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !(k in allZh))).toEqual([]);
    expect(Object.keys(allZh).filter((k) => !used.has(k) && !literals.has(k) && !DYNAMIC.some((re) => re.test(k)))).toEqual([]);
  });
});

describe('t() helpers', () => {
  it('fills {params} and leaves unknown ones visible', () => {
    expect(interpolate('已评 {rated}/{total}', { rated: 12, total: 40 })).toBe('已评 12/40');
    expect(interpolate('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('defaults to Chinese, English only for an English browser, and a choice wins', () => {
    expect(pickLang(null, ['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLang(null, [])).toBe('zh-CN');
    expect(pickLang(null, ['en-US'])).toBe('en');
    expect(pickLang(null, ['fr-FR', 'en'])).toBe('zh-CN');
    expect(pickLang('zh-CN', ['en-GB'])).toBe('zh-CN');
    expect(pickLang('en', ['zh-CN'])).toBe('en');
    expect(pickLang('de', ['zh-TW'])).toBe('zh-CN');
  });
});
