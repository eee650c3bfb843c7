// /r and /r/:receipt — the voter checks what happened to their ballot. Its
// strings are the voter's catalogue: the same people read both pages.
import { register } from '../../lib/i18n/index.svelte';
import zhCN from '../../lib/voter/i18n/zh-CN';
import ReceiptArea from './ReceiptArea.svelte';

export const ready = register({ 'zh-CN': zhCN, en: () => import('../../lib/voter/i18n/en') });

export default ReceiptArea;
