// The voter's area: one lazily loaded chunk holding the code entry, the
// ballot form and the thank-you page. Import only types from the contracts
// here: their zod schemas would triple the download.
import { register } from '../../lib/i18n/index.svelte';
import zhCN from '../../lib/voter/i18n/zh-CN';
import VoteArea from './VoteArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = register({ 'zh-CN': zhCN, en: () => import('../../lib/voter/i18n/en') });

export default VoteArea;
