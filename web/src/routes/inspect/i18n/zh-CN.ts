// The inspector's pages (/inspect): record a visit, read back one's own.
const zhCN = {
  'inspect.nav.record': '记录察访',
  'inspect.nav.visits': '我的察访记录',
  'inspect.busy': '正在提交…',
  'inspect.waitPhotos': '正在上传照片…',

  'inspect.record.title': '记录察访',
  'inspect.record.lead': '明查暗访结束后请尽快记录：察访了哪个单位、在哪里、何时、以什么方式，看到了什么问题，并附上现场照片。',
  'inspect.record.noCampaigns': '目前没有可以记录察访的评议活动。',
  'inspect.record.noUnits': '您的账号在这次评议活动中没有可以察访的单位，请联系作风办。',
  'inspect.record.submit': '提交察访记录',
  'inspect.record.saved': '已记录：{unit}，{date}，发现问题 {n} 个。',
  'inspect.record.seeVisits': '查看我的察访记录',

  'inspect.field.campaign': '评议活动',
  'inspect.field.unit': '察访单位',
  'inspect.field.pickUnit': '请选择单位',
  'inspect.field.place': '具体地点或窗口',
  'inspect.field.placeHint': '如：政务服务中心 3 号窗口、12345 热线',
  'inspect.field.date': '察访日期',
  'inspect.field.kind': '察访方式',
  'inspect.field.summary': '总体情况（可不填）',
  'inspect.field.summaryHint': '如：窗口秩序良好，但等候时间较长。',

  'inspect.findings.title': '发现的问题',
  'inspect.findings.lead': '每个问题单独填写。没有发现问题的，这一部分可以不填。',
  'inspect.findings.noCategories': '暂时无法读取本活动的作风问题分类，问题可以先不归类，作风办会在转为整改任务时归类。',
  'inspect.findings.n': '问题 {n}',
  'inspect.findings.problem': '问题类型',
  'inspect.findings.noProblem': '不归类',
  'inspect.findings.description': '问题描述',
  'inspect.findings.descriptionHint': '时间、地点、经过，越具体越便于核实。',
  'inspect.findings.photos': '现场照片',
  'inspect.findings.add': '再添加一个问题',
  'inspect.findings.remove': '删除问题 {n}',

  'inspect.problem.campaign': '请选择评议活动。',
  'inspect.problem.unit': '请选择察访单位。',
  'inspect.problem.date': '请填写察访日期。',
  'inspect.problem.future': '察访日期不能晚于今天。',
  'inspect.problem.finding': '有照片的问题也要写上问题描述。',

  'inspect.visits.title': '我的察访记录',
  'inspect.visits.none': '这次评议活动中您还没有察访记录。',
  'inspect.visits.count': '共 {n} 次察访。',
  'inspect.visits.recorded': '记录于 {at}',
  'inspect.visits.task': '已转为整改任务 #{id}',
};

export default zhCN;
