// /inspect/* — an inspector (特邀监督员) records visits (明查暗访) and reads
// back its own. One lazily loaded chunk; the console's look and session.
import { register } from '../../lib/i18n/index.svelte';
import { registerLoopStrings } from '../../lib/console/strings';
import zhCN from './i18n/zh-CN';
import '../../lib/console/console.css';
import InspectArea from './InspectArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = Promise.all([registerLoopStrings(), register({ 'zh-CN': zhCN, en: () => import('./i18n/en') })]).then(() => undefined);

export default InspectArea;
