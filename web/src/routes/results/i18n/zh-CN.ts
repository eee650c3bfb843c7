// The public results pages' strings; loaded only with their chunk.
const zhCN = {
  'results.title': '评议结果',
  'results.placeholder': '评议结果页面正在建设中。',
  'error.NOT_PUBLISHED': '结果尚未公布。',
  'error.RESULTS_NOT_READY': '结果尚在计算中，请稍后再看。',
};

export default zhCN;
export type ResultsKey = keyof typeof zhCN;
