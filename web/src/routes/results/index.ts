// /results/* — published results for everyone, the board for evaluators.
// The receipt check on the public page uses the voter's strings, so that
// catalogue comes along (it is a shared chunk the voter already has).
import { register } from '../../lib/i18n/index.svelte';
import voteZhCN from '../../lib/voter/i18n/zh-CN';
import zhCN from './i18n/zh-CN';
import ResultsArea from './ResultsArea.svelte';

/** Resolves when this area's strings in the current language are loaded. */
export const ready = Promise.all([
  register({ 'zh-CN': voteZhCN, en: () => import('../../lib/voter/i18n/en') }),
  register({ 'zh-CN': zhCN, en: () => import('./i18n/en') }),
]).then(() => undefined);

export default ResultsArea;
