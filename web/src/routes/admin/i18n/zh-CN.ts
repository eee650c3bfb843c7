// The office console's strings; loaded only with the console's chunk.
const zhCN = {
  'admin.title': '评议管理后台',
  'admin.placeholder': '管理后台正在建设中。',
  'error.UNAUTHENTICATED': '请先登录。',
  'error.FORBIDDEN': '您没有权限进行此操作。',
  'error.INVALID_CREDENTIALS': '用户名或密码不正确。',
  'error.CAMPAIGN_FROZEN': '该评议活动已锁定，不能修改。',
  'error.CAMPAIGN_KEY_TAKEN': '活动标识已被使用。',
  'error.INVALID_STATUS_TRANSITION': '活动当前状态不允许此操作。',
  'error.SPEC_INVALID': '活动配置有误。',
  'error.UNIT_UNKNOWN': '找不到该被评对象。',
  'error.COMPONENT_UNKNOWN': '找不到该考评构成。',
  'error.COMPONENT_NOT_ENTERED': '该考评构成尚未录入分数。',
  'error.QUESTIONNAIRE_UNKNOWN': '找不到该问卷。',
  'error.GROUP_UNKNOWN': '找不到该评议主体。',
  'error.BATCH_NOT_FOUND': '找不到该评议码批次。',
  'error.BATCH_NOT_READY': '评议码批次仍在生成中。',
  'error.BATCH_TOO_LARGE': '评议码批次数量过大。',
  'error.BALLOT_NOT_FOUND': '找不到该答卷。',
  'error.BALLOT_NOT_FLAGGED': '该答卷未被标记，无需复核。',
  'error.CSV_INVALID': 'CSV 文件格式有误。',
  'error.USERNAME_TAKEN': '用户名已被使用。',
};

export default zhCN;
export type AdminKey = keyof typeof zhCN;
