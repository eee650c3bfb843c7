// 回访 on the thank-you page: fetched with the follow-up form only, so the
// voters who wrote no comment never download these strings.
const zhCN = {
  'followup.title': '希望了解这条意见的办理情况吗？',
  'followup.lead': '可以留下电话号码（可不填）。意见办理后，作风办会打电话告诉您结果，并听取您的评价。',
  'followup.phone': '电话号码',
  'followup.consent': '本人同意作风办就本条意见的办理情况电话回访，号码仅用于回访，不与评议内容一起公开。',
  'followup.submit': '提交号码',
  'followup.busy': '正在提交…',
  'followup.done': '已收到您的号码。意见办理后，作风办会打电话告诉您结果。',
  'followup.badPhone': '电话号码格式不正确，请检查后再试。',
  'followup.already': '这份答卷已经留过电话号码了。',
};

export default zhCN;
