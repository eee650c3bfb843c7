// Campaign files to start from, drawn from the offices' own documents (the
// seeds): a blank one with the common defaults, and three set-ups as the
// cities describe them. Each is a whole, valid file in the file's own field
// order (what GET /campaigns/:key/spec writes), so a draft made from one and
// applied unchanged exports byte for byte as it began. Units are examples
// for the office to replace (or import from its spreadsheet).
// Type-only imports: the web editor may use this without downloading zod.
import type { CampaignTemplate } from './contracts/drafts.js';
import type { CampaignSpec } from './spec.js';

type Phase = CampaignSpec['phases'][number];
type Scale = CampaignSpec['scales'][number];

const phase = (key: string, name: string, year: number, start: string, end: string): Phase => ({ key, name, start: `${year}-${start}`, end: `${year}-${end}` });

/** 满意 / 基本满意 / 不满意 / 不了解: the scale most offices use. */
export const SATISFACTION: Scale = {
  key: 'satisfaction',
  options: [
    { key: 'satisfied', label: '满意', points: 100 },
    { key: 'basically', label: '基本满意', points: 80 },
    { key: 'dissatisfied', label: '不满意', points: 40 },
    { key: 'unknown', label: '不了解', points: null },
  ],
};

/** 好 / 较好 / 一般 / 差 (Fuling's published grades), with 不了解. */
const FOUR_GRADE: Scale = {
  key: 'four-grade',
  options: [
    { key: 'good', label: '好', points: 100 },
    { key: 'fairly-good', label: '较好', points: 85 },
    { key: 'average', label: '一般', points: 70 },
    { key: 'poor', label: '差', points: 40 },
    { key: 'unknown', label: '不了解', points: null },
  ],
};

/** Common defaults: 30 valid ratings to be ranked, red below 70, yellow below 80, one ballot per device. */
const rules = (): CampaignSpec['rules'] => ({
  minValidRatings: 30,
  warnings: { red: 70, yellow: 80 },
  decimals: 2,
  fraud: { maxBallotsPerDevice: 1, maxBallotsPerAddressPerMinute: 20, minSecondsPerBallot: 8 },
});

function blank(year: number): CampaignSpec {
  return {
    specVersion: 1,
    key: `appraisal-${year}`,
    series: 'appraisal',
    name: `${year}年度机关作风民主评议`,
    theme: '',
    year,
    locale: 'zh-CN',
    phases: [phase('survey', '群众评议', year, '10-01', '11-30')],
    scales: [SATISFACTION],
    categories: [{ key: 'departments', name: '机关部门', top: 3, bottom: 3 }],
    // A file needs at least one unit: this one is to be renamed or replaced.
    units: [{ key: 'unit-1', name: '示例单位（请修改）', category: 'departments' }],
    groups: [{ key: 'citizens', name: '群众', weight: 100 }],
    problems: [],
    questionnaires: [{ key: 'survey', title: '群众满意度测评表', scale: 'satisfaction', units: 'all', problems: false, comment: true }],
    components: [{ key: 'survey', name: '群众满意度测评', weight: 100, source: 'ballots', questionnaire: 'survey' }],
    rules: rules(),
  };
}

/**
 * Nantong's 2012 notice (关于开展"优作风、提效能、促发展"主题活动暨专项评议的实施意见):
 * service windows of the government service centre and divisions of the
 * departments; five phases April–December; composite = 日常考评 30% + 年中汇报测评
 * 20% + 质询评议 25% + 社会调查 25%; 6 advanced divisions and 10 quality windows.
 * The daily assessment and the mid-year hearing are scored by the office
 * (entered); the public inquiry (deputies and citizens on the spot) and the
 * social survey (citizens, enterprises, representatives) are ballots.
 */
function nantong(year: number): CampaignSpec {
  return {
    specVersion: 1,
    key: `nantong-${year}`,
    series: 'nantong-special',
    name: `${year}年度“优作风、提效能、促发展”专项评议`,
    theme: '优作风、提效能、促发展',
    year,
    locale: 'zh-CN',
    phases: [
      phase('mobilize', '宣传发动', year, '04-01', '04-30'),
      phase('investigate', '排查问题', year, '05-01', '06-30'),
      phase('supervise', '监督检查', year, '05-01', '10-31'),
      phase('rectify', '整改提高', year, '10-01', '11-30'),
      phase('review', '总结评先', year, '11-01', '12-31'),
    ],
    scales: [SATISFACTION],
    categories: [
      { key: 'divisions', name: '被评处室', top: 6, bottom: 3 },
      { key: 'windows', name: '被评窗口', top: 10, bottom: 3 },
    ],
    units: [
      { key: 'd-fgw-tz', name: '市发改委投资处', category: 'divisions' },
      { key: 'd-zjj-sp', name: '市住建局审批处', category: 'divisions' },
      { key: 'd-swj-ns', name: '市税务局纳税服务处', category: 'divisions' },
      { key: 'd-rsj-sb', name: '市人社局社保处', category: 'divisions' },
      { key: 'w-gs', name: '市场监管窗口', category: 'windows' },
      { key: 'w-gjj', name: '公积金窗口', category: 'windows' },
      { key: 'w-bdc', name: '不动产登记窗口', category: 'windows' },
      { key: 'w-yb', name: '医保窗口', category: 'windows' },
    ],
    groups: [
      { key: 'citizens', name: '市民', weight: 40 },
      { key: 'enterprises', name: '企业', weight: 30 },
      { key: 'deputies', name: '评议代表（人大代表、政协委员、行风评议员）', weight: 30 },
    ],
    problems: [
      { key: 'shirking', label: '推诿扯皮、推卸责任' },
      { key: 'inaction', label: '不作为' },
      { key: 'slow', label: '慢作为、办事拖拉' },
      { key: 'abuse', label: '乱作为' },
      { key: 'hollow', label: '虚作为、弄虚作假' },
      { key: 'lazy', label: '庸、懒、散' },
      { key: 'graft', label: '吃拿卡要' },
    ],
    questionnaires: [
      // The inquiry is rated on the spot by the invited deputies and citizens'
      // representatives, deputies weighing 40 against citizens' 60; the survey
      // by citizens, enterprises and deputies, 50/30/20 (docs/spec.md, "Group
      // weights per questionnaire").
      {
        key: 'inquiry',
        title: '质询评议现场测评表',
        scale: 'satisfaction',
        units: 'all',
        problems: false,
        comment: true,
        groupWeights: [
          { group: 'deputies', weight: 40 },
          { group: 'citizens', weight: 60 },
        ],
      },
      {
        key: 'survey',
        title: '社会满意度调查问卷',
        intro: '请根据您办事的亲身感受，评价以下处室和窗口的作风、行风和效能建设情况。每个评议码只能提交一次。',
        scale: 'satisfaction',
        units: 'all',
        problems: true,
        comment: true,
        groupWeights: [
          { group: 'citizens', weight: 50 },
          { group: 'enterprises', weight: 30 },
          { group: 'deputies', weight: 20 },
        ],
      },
    ],
    components: [
      { key: 'daily', name: '日常考评', weight: 30, source: 'entered' },
      { key: 'midyear', name: '年中汇报测评', weight: 20, source: 'entered' },
      { key: 'inquiry', name: '质询评议', weight: 25, source: 'ballots', questionnaire: 'inquiry' },
      { key: 'survey', name: '社会调查', weight: 25, source: 'ballots', questionnaire: 'survey' },
    ],
    rules: rules(),
  };
}

/**
 * Fuling (重庆市涪陵区): each quarter 68 key units and 26 townships are ranked
 * on the development environment; the top 8 and the bottom 8 of each are
 * praised or exposed in the media; satisfaction is published as 好/较好/一般/差;
 * a unit in the bottom again and again is escalated (criticism, a talk with
 * the head, a change of leadership), and a veto (一票否决) can put any unit last.
 */
function fuling(year: number): CampaignSpec {
  return {
    specVersion: 1,
    key: `fuling-${year}-q1`,
    series: 'fuling-quarterly',
    name: `${year}年第一季度发展环境考核`,
    theme: '强作风、促攻坚',
    year,
    locale: 'zh-CN',
    phases: [phase('survey', '群众评议', year, '03-01', '03-20'), phase('results', '排名通报', year, '03-21', '03-31')],
    scales: [FOUR_GRADE],
    categories: [
      { key: 'key-units', name: '重点单位', top: 8, bottom: 8 },
      { key: 'townships', name: '乡镇街道', top: 8, bottom: 8 },
    ],
    units: [
      { key: 'k-fgw', name: '区发展改革委', category: 'key-units' },
      { key: 'k-jxw', name: '区经济信息委', category: 'key-units' },
      { key: 'k-ghj', name: '区规划局', category: 'key-units' },
      { key: 'k-gsj', name: '区工商分局', category: 'key-units' },
      { key: 't-lizhi', name: '荔枝街道', category: 'townships' },
      { key: 't-dunren', name: '敦仁街道', category: 'townships' },
      { key: 't-chongyi', name: '崇义街道', category: 'townships' },
      { key: 't-lidu', name: '李渡街道', category: 'townships' },
    ],
    groups: [
      { key: 'citizens', name: '群众', weight: 60 },
      { key: 'enterprises', name: '企业', weight: 40 },
    ],
    problems: [
      { key: 'aloof', label: '宗旨淡薄、作风漂浮，衙门习气重、官架子大' },
      { key: 'idle', label: '学风不浓、玩风太盛' },
      { key: 'extravagance', label: '贪图享乐、奢侈浪费' },
      { key: 'stagnant', label: '因循守旧、不思进取' },
      { key: 'blockage', label: '中梗阻：态度生硬、效率不高' },
      { key: 'graft', label: '吃拿卡要' },
      { key: 'unprincipled', label: '不讲原则、当老好人' },
    ],
    questionnaires: [
      {
        key: 'environment',
        title: '发展环境满意度测评',
        intro: '请对以下单位本季度的工作作风和服务发展环境作出评价：好、较好、一般、差；不了解的请选“不了解”。',
        scale: 'four-grade',
        units: 'all',
        problems: true,
        comment: true,
      },
    ],
    components: [{ key: 'environment', name: '发展环境满意度', weight: 100, source: 'ballots', questionnaire: 'environment' }],
    rules: rules(),
  };
}

/**
 * Ningbo's 万人民主评议百家机关: at the year's end about 3,000 representatives
 * of the major projects rate each body's efficiency and quality online, and
 * pick the most prominent work-style problems (a work-reminder sheet goes to
 * each body); red / yellow / green warnings.
 */
function ningbo(year: number): CampaignSpec {
  return {
    specVersion: 1,
    key: `ningbo-${year}`,
    series: 'ningbo-wanren',
    name: `${year}年度“万人民主评议百家机关”`,
    theme: '转作风、提效能',
    year,
    locale: 'zh-CN',
    phases: [phase('appraisal', '代表评议', year, '11-15', '12-15'), phase('feedback', '反馈整改', year, '12-16', '12-31')],
    scales: [SATISFACTION],
    categories: [{ key: 'departments', name: '市级机关部门', top: 10, bottom: 5 }],
    units: [
      { key: 'fgw', name: '市发展和改革委员会', category: 'departments' },
      { key: 'jxj', name: '市经济和信息化局', category: 'departments' },
      { key: 'zrzyj', name: '市自然资源和规划局', category: 'departments' },
      { key: 'zjj', name: '市住房和城乡建设局', category: 'departments' },
      { key: 'jtj', name: '市交通运输局', category: 'departments' },
      { key: 'scjgj', name: '市市场监督管理局', category: 'departments' },
    ],
    groups: [{ key: 'representatives', name: '重大项目建设各方代表', weight: 100 }],
    problems: [
      { key: 'door', label: '门难进、脸难看、事难办' },
      { key: 'shirking', label: '推诿扯皮、推拖绕' },
      { key: 'lazy', label: '庸懒散' },
      { key: 'half-door', label: '“半扇门”：只开一半、说一半、办一半' },
      { key: 'slow', label: '慢作为、久拖不办' },
      { key: 'blockage', label: '中梗阻、政令不畅' },
      { key: 'graft', label: '吃拿卡要' },
      { key: 'meetings', label: '文山会海' },
      { key: 'formalism', label: '形式主义、官僚主义' },
      { key: 'inaction', label: '不作为、乱作为' },
    ],
    questionnaires: [
      {
        key: 'appraisal',
        title: '机关工作效率和工作质量满意度评议',
        intro: '请对以下部门的工作效率和工作质量作出评价，并勾选您遇到的最突出的作风问题。',
        scale: 'satisfaction',
        units: 'all',
        problems: true,
        comment: true,
      },
    ],
    components: [{ key: 'appraisal', name: '代表评议', weight: 100, source: 'ballots', questionnaire: 'appraisal' }],
    rules: rules(),
  };
}

const TEMPLATES: Record<CampaignTemplate, (year: number) => CampaignSpec> = { blank, nantong, fuling, ningbo };


/** A whole, valid campaign file to start from, for the given year. */
export function campaignTemplate(name: CampaignTemplate, opts: { year: number }): CampaignSpec {
  // A deep copy: the scales are shared constants, and each draft edits its own.
  return structuredClone(TEMPLATES[name](opts.year));
}
