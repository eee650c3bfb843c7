// The office console: one lazily loaded chunk (the voter never downloads it),
// with its own strings and styles on top of the signed-in pages' shared ones.
// The QR code library is loaded only by the on-site screen, and zod only by
// the campaign editor (editor/index.ts).
import { register } from '../../lib/i18n/index.svelte';
import { registerLoopStrings } from '../../lib/console/strings';
import zhCN from './i18n/zh-CN';
import tasksZhCN from './tasks/i18n/zh-CN';
import editorZhCN from './editor/i18n/zh-CN';
import voterZhCN from '../../lib/voter/i18n/zh-CN';
import '../../lib/console/console.css';
import './admin.css';
import AdminArea from './AdminArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = Promise.all([
  register({ 'zh-CN': zhCN, en: () => import('./i18n/en') }),
  // The accountability loop: words shared with the liaison's and inspector's pages, and the console's own.
  registerLoopStrings(),
  register({ 'zh-CN': tasksZhCN, en: () => import('./tasks/i18n/en') }),
  register({ 'zh-CN': editorZhCN, en: () => import('./editor/i18n/en') }),
  // The editor's preview draws the voter's page with the voter's words.
  register({ 'zh-CN': voterZhCN, en: () => import('../../lib/voter/i18n/en') }),
]).then(() => undefined);

export default AdminArea;
