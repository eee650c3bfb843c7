// An ApiError in words: the translated text for its code, never the server's English message.
import { has, t } from './i18n/index.svelte';
import type { ApiError } from './api';

export function errorText(err: unknown): string {
  const code = (err as ApiError | null)?.code;
  return code && has(`error.${code}`) ? t(`error.${code}`) : t('error.generic');
}
