import type { ResultsKey } from './zh-CN';

const en: Record<ResultsKey, string> = {
  'results.title': 'Appraisal results',
  'results.placeholder': 'The results pages are being built.',
  'error.NOT_PUBLISHED': 'The results have not been published yet.',
  'error.RESULTS_NOT_READY': 'The results are still being computed. Please look again later.',
};

export default en;
