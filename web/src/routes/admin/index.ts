// The office console: one lazily loaded chunk (the voter never downloads it),
// with its own strings and styles. It may import zod contracts; the QR code
// library is loaded only by the on-site screen.
import { register } from '../../lib/i18n/index.svelte';
import zhCN from './i18n/zh-CN';
import './admin.css';
import AdminArea from './AdminArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = register({ 'zh-CN': zhCN, en: () => import('./i18n/en') });

export default AdminArea;
