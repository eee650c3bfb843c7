// What the voter's page needs on the oldest phones it supports (iOS 15 Safari,
// Chromium 80 in WeChat on older Android) that those engines lack. The build
// lowers syntax to ES2020 (vite.config.ts); APIs are listed, with their
// fallbacks, in scripts/old-engines.test.ts.

/**
 * String.prototype.replaceAll (ES2021; Chromium 85): Svelte calls it when it
 * builds each template, with a plain string or a global RegExp and a plain
 * replacement, which is all this covers.
 */
export function replaceAll(this: string, pattern: string | RegExp, replacement: string): string {
  return typeof pattern == 'string' ? this.split(pattern).join(replacement) : this.replace(pattern, replacement);
}

if (!''.replaceAll) String.prototype.replaceAll = replaceAll as never;
