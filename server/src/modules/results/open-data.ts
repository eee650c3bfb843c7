// The published inputs as flat rows for a spreadsheet: one row per count or
// entered score, every key with its name beside it, and each unit's category.
// The header keeps its machine-readable keys first: each cell is "key 中文"
// (e.g. "unit_name 单位名称"), so a program takes the word before the first
// space and a person reads the Chinese (docs/spec.md, "Open data").
import type { ScoringInput } from '@minping/shared/scoring';
import { questionnaireGroupWeights } from '@minping/shared/group-weights';
import { CSV_BOM, csvRow } from '../../lib/csv.js';

export const OPEN_DATA_COLUMNS = [
  ['kind', '数据类别'],
  ['questionnaire', '问卷或评价等级编码'],
  ['questionnaire_name', '问卷名称'],
  ['component', '考评构成编码'],
  ['component_name', '考评构成名称'],
  ['unit', '被评对象编码'],
  ['unit_name', '被评对象名称'],
  ['category', '类别编码'],
  ['category_name', '类别名称'],
  ['group', '评议主体编码'],
  ['group_name', '评议主体名称'],
  ['option_or_problem', '选项、问题或规则编码'],
  ['option_or_problem_name', '选项、问题或规则名称'],
  ['value', '数值'],
] as const;
type Column = (typeof OPEN_DATA_COLUMNS)[number][0];
type Row = Partial<Record<Column, string | number>>;

const RULES: Record<string, string> = {
  minValidRatings: '排名所需最少有效评价数',
  decimals: '得分保留小数位数',
  'warnings.red': '红色预警线',
  'warnings.yellow': '黄色预警线',
};

export function openDataCsv(i: ScoringInput): string {
  const s = i.spec;
  const names = <T extends { key: string }>(list: T[], name: (x: T) => string) => new Map(list.map((x) => [x.key, name(x)]));
  const questionnaire = names(s.questionnaires, (q) => q.title);
  const component = names(s.components, (c) => c.name);
  const group = names(s.groups, (g) => g.name);
  const category = names(s.categories, (c) => c.name);
  const problem = names(s.problems, (p) => p.label);
  const unitOf = new Map(s.units.map((u) => [u.key, u]));
  const scaleOf = new Map(s.questionnaires.map((q) => [q.key, s.scales.find((x) => x.key === q.scale)]));
  const optionName = (questionnaireKey: string, option: string) => scaleOf.get(questionnaireKey)?.options.find((o) => o.key === option)?.label ?? '';
  const unit = (key: string): Row => {
    const u = unitOf.get(key);
    return { unit: key, unit_name: u?.name ?? '', category: u?.category ?? '', category_name: u ? (category.get(u.category) ?? '') : '' };
  };
  const q = (key: string): Row => ({ questionnaire: key, questionnaire_name: questionnaire.get(key) ?? '' });
  const g = (key: string): Row => ({ group: key, group_name: group.get(key) ?? '' });
  const c = (key: string): Row => ({ component: key, component_name: component.get(key) ?? '' });

  const rows: Row[] = [];
  for (const x of s.components) rows.push({ kind: 'component-weight', ...(x.source === 'ballots' ? q(x.questionnaire) : {}), ...c(x.key), value: x.weight });
  // One row per questionnaire and group that answers it, with the weight scoring applied there (docs/spec.md, groupWeights).
  for (const x of s.questionnaires) for (const w of questionnaireGroupWeights(s, x.key)) rows.push({ kind: 'group-weight', ...q(x.key), ...g(w.group), value: w.weight });
  // A scale is keyed in the questionnaire column (the scale a questionnaire rates on).
  for (const x of s.scales) for (const o of x.options) rows.push({ kind: 'option-points', questionnaire: x.key, option_or_problem: o.key, option_or_problem_name: o.label, value: o.points === null ? 'null' : o.points });
  for (const r of i.ratingCounts) rows.push({ kind: 'rating-count', ...q(r.questionnaire), ...unit(r.unit), ...g(r.group), option_or_problem: r.option, option_or_problem_name: optionName(r.questionnaire, r.option), value: r.count });
  for (const e of i.entered) rows.push({ kind: 'entered-score', ...c(e.component), ...unit(e.unit), value: e.score });
  // A veto's reason is words, not a key: it goes in the name column.
  for (const v of i.vetoes) rows.push({ kind: 'veto', ...unit(v.unit), option_or_problem_name: v.reason });
  for (const p of i.problemCounts ?? []) rows.push({ kind: 'problem-count', ...q(p.questionnaire), ...unit(p.unit), ...g(p.group), option_or_problem: p.problem, option_or_problem_name: problem.get(p.problem) ?? '', value: p.count });
  const rule = (key: string, value: number) => rows.push({ kind: 'rule', option_or_problem: key, option_or_problem_name: RULES[key], value });
  rule('minValidRatings', s.rules.minValidRatings);
  rule('decimals', s.rules.decimals);
  rule('warnings.red', s.rules.warnings.red);
  rule('warnings.yellow', s.rules.warnings.yellow);

  const header = csvRow(OPEN_DATA_COLUMNS.map(([key, zh]) => `${key} ${zh}`));
  return CSV_BOM + header + rows.map((r) => csvRow(OPEN_DATA_COLUMNS.map(([key]) => r[key] ?? ''))).join('');
}
