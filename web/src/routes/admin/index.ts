import { register } from '../../lib/i18n/index.svelte';
import zhCN from './i18n/zh-CN';
import AdminArea from './AdminArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = register({ 'zh-CN': zhCN, en: () => import('./i18n/en') });

export default AdminArea;
