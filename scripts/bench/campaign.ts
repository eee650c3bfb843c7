// The campaign every benchmark votes in: its units, groups, options and
// problems, in the spec format an office imports.
import type { CampaignSpec } from '@minping/shared/spec';
import { SATISFACTION } from '@minping/shared/campaign-templates';

export const unitKey = (i: number) => `u${String(i + 1).padStart(3, '0')}`;
export const GROUPS = ['citizens', 'enterprises', 'deputies'];
export const OPTIONS = ['satisfied', 'basically', 'dissatisfied', 'unknown'];
export const PROBLEMS = ['attitude', 'shirking', 'slow', 'lazy', 'graft', 'opaque'];

/**
 * A campaign of `units` units and one questionnaire showing them all. Every
 * fraud rule is off: all bench traffic comes from 127.0.0.1 in seconds, which
 * the burst rule would (rightly) flag, and the flags would change what counts.
 * `unitPrefix`: units of other keys, so that the ballots of one campaign fit
 * no other open at the same time.
 */
export function benchSpec(key: string, units: number, unitPrefix = 'u'): CampaignSpec {
  const categories = ['divisions', 'windows', 'towns', 'agencies'];
  return {
    specVersion: 1,
    key,
    series: `${key}-series`,
    name: `基准测试 ${key}`,
    theme: 'benchmark',
    year: 2026,
    locale: 'zh-CN',
    phases: [{ key: 'survey', name: '社会调查', start: '2026-01-01', end: '2026-12-31' }],
    scales: [SATISFACTION],
    categories: categories.map((c) => ({ key: c, name: c, top: 5, bottom: 3 })),
    units: Array.from({ length: units }, (_, i) => ({ key: unitKey(i).replace(/^u/, unitPrefix), name: `单位 ${i + 1}`, category: categories[i % categories.length] })),
    groups: [
      { key: 'citizens', name: '办事群众', weight: 50 },
      { key: 'enterprises', name: '企业代表', weight: 30 },
      { key: 'deputies', name: '人大代表、政协委员', weight: 20 },
    ],
    problems: PROBLEMS.map((p) => ({ key: p, label: p })),
    questionnaires: [{ key: 'survey', title: '社会满意度调查问卷', scale: 'satisfaction', units: 'all', problems: true, comment: true }],
    components: [{ key: 'survey', name: '社会调查', weight: 100, source: 'ballots', questionnaire: 'survey' }],
    rules: {
      minValidRatings: 30,
      warnings: { red: 70, yellow: 80 },
      decimals: 2,
      fraud: {
        maxBallotsPerDevice: 1,
        maxBallotsPerAddressPerMinute: 20,
        minSecondsPerBallot: 8,
        disabled: ['device', 'burst', 'too-fast', 'straight-lining'],
      },
    },
  };
}
