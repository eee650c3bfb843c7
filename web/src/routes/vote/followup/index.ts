// The follow-up offer (回访) on the thank-you page, with its own strings: one
// small chunk fetched only after a ballot with a comment, so the voter's page
// stays within its budget.
import { register } from '../../../lib/i18n/index.svelte';
import zhCN from './i18n/zh-CN';
import Followup from './Followup.svelte';

/** Resolves when these strings in the current language are loaded. */
export const ready = register({ 'zh-CN': zhCN, en: () => import('./i18n/en') });

export default Followup;
