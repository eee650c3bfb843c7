// /unit/* — a graded body's liaison (被评单位联络员): its published scores and
// warning, what to fix, its rectification tasks, answers and appeals. One
// lazily loaded chunk; it shares the console's look and its session (one login).
import { register } from '../../lib/i18n/index.svelte';
import { registerLoopStrings } from '../../lib/console/strings';
import zhCN from './i18n/zh-CN';
import '../../lib/console/console.css';
import UnitArea from './UnitArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = Promise.all([registerLoopStrings(), register({ 'zh-CN': zhCN, en: () => import('./i18n/en') })]).then(() => undefined);

export default UnitArea;
