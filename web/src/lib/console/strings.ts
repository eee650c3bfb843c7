// The words of the signed-in pages' shared pieces (the accountability loop's
// widgets in lib/console): used by the console's task, comment, inspection and
// escalation tabs, by the liaison's pages (/unit) and by the inspector's
// (/inspect). Not an area of its own: each area that shows these widgets
// registers these strings with its own.
import { register } from '../i18n/index.svelte';
import zhCN from './i18n/zh-CN';

const en = () => import('./i18n/en');

/** Resolves when the shared strings in the current language are loaded. */
export const registerLoopStrings = () => register({ 'zh-CN': zhCN, en });
