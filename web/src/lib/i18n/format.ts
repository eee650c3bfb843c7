// Pure helpers behind t(): kept apart from the reactive state so tests need no compiler.
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type Params = Record<string, string | number>;
export type Catalogue = Record<string, string>;

/** t() that answers undefined for a key the catalogues lack (for words that have a fallback). */
export type Translate = (key: string, params?: Params) => string | undefined;

/** "{name}" placeholders; an unknown one stays visible so a missing param is noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The user's earlier choice wins; otherwise English only for an English browser. */
export function pickLang(saved: string | null, browserLanguages: readonly string[]): Lang {
  if (saved === 'zh-CN' || saved === 'en') return saved;
  const first = browserLanguages[0]?.toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
