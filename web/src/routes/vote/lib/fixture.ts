// A small questionnaire for the form-logic tests.
import type { QuestionnaireView } from '@minping/shared/contracts/vote';

export function questionnaire(over: Partial<QuestionnaireView['questionnaire']> = {}): QuestionnaireView {
  return {
    campaign: { key: 'c2025', name: '2025年度万人评机关', theme: '作风建设提升年', year: 2025, status: 'open' },
    questionnaire: { key: 'public', title: '群众满意度测评', intro: null, problems: true, comment: true, ...over },
    group: { key: 'citizens', name: '市民群众' },
    scale: [
      { key: 'good', label: '满意', points: 100 },
      { key: 'fair', label: '基本满意', points: 80 },
      { key: 'poor', label: '不满意', points: 40 },
      { key: 'unknown', label: '不了解', points: null },
    ],
    categories: [
      { key: 'windows', name: '服务窗口', units: [{ key: 'w1', name: '不动产登记窗口' }, { key: 'w2', name: '社保窗口' }] },
      { key: 'divisions', name: '处室', units: [{ key: 'd1', name: '审批处' }, { key: 'd2', name: '法规处' }, { key: 'd3', name: '办公室' }] },
    ],
    problems: [
      { key: 'lazy', label: '庸懒散' },
      { key: 'evasive', label: '推拖绕' },
    ],
    maxCommentLength: 20,
  };
}
