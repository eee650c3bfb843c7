// A tiny t(): flat dotted keys, "{param}" placeholders, zh-CN first. Each area
// registers its own catalogue when its chunk loads, so the voter never
// downloads the console's strings; English catalogues are fetched only when
// English is chosen, so the Chinese majority never downloads them either.
import { readString, writeString } from '../storage';
import { interpolate, pickLang, type Catalogue, type Lang, type Params } from './format';
import zhCN from './zh-CN';

export type { Lang, Params } from './format';
export { LANGS } from './format';

type Source = Catalogue | (() => Promise<{ default: Catalogue }>);

const LANG_KEY = 'minping.lang';
const catalogues: Record<Lang, Catalogue> = { 'zh-CN': { ...zhCN }, en: {} };
const sources: Record<Lang, Source[]> = { 'zh-CN': [], en: [() => import('./en')] };
const loaded = new Set<Source>();

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
}

const state = $state({ lang: pickLang(readString(LANG_KEY), browserLanguages()) });

async function load(lang: Lang): Promise<void> {
  await Promise.all(
    sources[lang].map(async (src) => {
      if (loaded.has(src)) return;
      Object.assign(catalogues[lang], typeof src === 'function' ? (await src()).default : src);
      loaded.add(src);
    }),
  );
}

/**
 * An area's strings, one source per language (an object, or a loader for a
 * lazily fetched chunk). Resolves once the language in use is ready, so the
 * area can wait for it before it first renders.
 */
export function register(parts: Record<Lang, Source>): Promise<void> {
  for (const lang of Object.keys(parts) as Lang[]) {
    const src = parts[lang];
    sources[lang].push(src);
    // Inline catalogues are merged at once: zh-CN is every other language's fallback.
    if (typeof src !== 'function') {
      Object.assign(catalogues[lang], src);
      loaded.add(src);
    }
  }
  return load(state.lang).catch(() => undefined);
}

/** Resolves once the core strings of the language in use are there; call before the first render. */
export function ready(): Promise<void> {
  return load(state.lang).catch(() => undefined);
}

/** Reading state.lang here makes every template that calls t() follow a language switch. */
export function t(key: string, params?: Params): string {
  const text = catalogues[state.lang][key] ?? catalogues['zh-CN'][key];
  if (text === undefined) {
    if (import.meta.env?.DEV) console.warn(`i18n: missing key ${key}`);
    return key;
  }
  return interpolate(text, params);
}

/** Sentences side by side: Chinese runs them together, English puts a space between. */
export function sentences(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(state.lang === 'en' ? ' ' : '');
}

export function has(key: string): boolean {
  return key in catalogues[state.lang] || key in catalogues['zh-CN'];
}

export function lang(): Lang {
  return state.lang;
}

/** Switches once the new language's strings are loaded, so nothing flashes half-translated. */
export async function setLang(next: Lang): Promise<void> {
  writeString(LANG_KEY, next);
  try {
    await load(next);
  } catch {
    return; // offline: stay in the language we have; the choice is remembered for next time
  }
  state.lang = next;
  applyLang();
}

/** <html lang> follows the language so screen readers pronounce it right. */
export function applyLang(): void {
  if (typeof document !== 'undefined') document.documentElement.lang = state.lang;
}

/** Page title: "page · site". */
export function setTitle(pageKey?: string): void {
  if (typeof document === 'undefined') return;
  document.title = pageKey ? `${t(pageKey)} · ${t('app.name')}` : t('app.name');
}
