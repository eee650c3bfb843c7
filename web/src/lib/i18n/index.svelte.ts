// A tiny t(): flat dotted keys, "{param}" placeholders, zh-CN first. Each area
// registers its own catalogue when its chunk loads, so the voter never
// downloads the console's strings.
import { readString, writeString } from '../storage';
import { interpolate, pickLang, type Catalogue, type Lang, type Params } from './format';
import zhCN from './zh-CN';
import en from './en';

export type { Lang, Params } from './format';
export { LANGS } from './format';

const LANG_KEY = 'minping.lang';
const catalogues: Record<Lang, Catalogue> = { 'zh-CN': { ...zhCN }, en: { ...en } };

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : [navigator.language ?? ''];
}

const state = $state({ lang: pickLang(readString(LANG_KEY), browserLanguages()) });

export function addMessages(parts: Record<Lang, Catalogue>): void {
  for (const lang of Object.keys(parts) as Lang[]) Object.assign(catalogues[lang], parts[lang]);
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

export function has(key: string): boolean {
  return key in catalogues[state.lang] || key in catalogues['zh-CN'];
}

export function lang(): Lang {
  return state.lang;
}

export function setLang(next: Lang): void {
  state.lang = next;
  writeString(LANG_KEY, next);
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
