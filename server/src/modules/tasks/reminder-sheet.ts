// 工作提示单: the office's printable sheet to one unit listing its open tasks,
// in Chinese, the office's official language (generated texts worded by coded-text.zh).
import type { Context } from '../../context.js';
import { shanghaiDate } from '../../lib/time.js';
import type { User } from '../auth/auth.service.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { assertUnitReader } from '../users/access.js';
import { notFound } from '../../lib/errors.js';
import { zhDescription, zhStatus } from '../../lib/coded-text.zh.js';
import { taskView, tasksRepo } from './tasks.repo.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function reminderSheet(ctx: Context, user: User, campaignKey: string, unitKey: string): Promise<string> {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const unit = campaign.spec.units.find((u) => u.key === unitKey);
  if (!unit) throw notFound('UNIT_UNKNOWN', `No unit "${unitKey}" in ${campaignKey}`);
  await assertUnitReader(ctx, user, campaign.id, unitKey);
  const today = shanghaiDate(new Date());
  const rows = await tasksRepo.pendingOfUnit(ctx.database, campaign.id, unitKey);
  const tasks = rows.map((r) => taskView(r, today));
  const items = tasks
    .map(
      (t, i) => `<tr><td class="n">${i + 1}</td><td><strong>${esc(t.title)}</strong><div class="d">${esc(zhDescription(t))}</div></td>
<td class="due">${esc(t.deadline)}${t.overdue ? '<div class="late">已逾期</div>' : ''}</td><td class="st">${zhStatus(t.status)}</td><td class="sign"></td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工作提示单 · ${esc(unit.name)}</title><style>
@page { size: A4; margin: 18mm; }
body { font-family: "SimSun","Songti SC","Noto Serif CJK SC","Noto Sans CJK SC",serif; color: #000; font-size: 11pt; max-width: 180mm; margin: 0 auto; }
h1 { text-align: center; font-size: 20pt; letter-spacing: .3em; margin: 6mm 0 2mm; }
.meta { display: flex; justify-content: space-between; margin: 4mm 0; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 2mm; vertical-align: top; }
th { background: #eee; }
.d { font-size: 9.5pt; color: #222; margin-top: 1mm; white-space: pre-wrap; }
.late { color: #b00; font-weight: 600; }
.n { width: 9mm; text-align: center; white-space: nowrap; }
.due, .st { white-space: nowrap; }
.sign { width: 22mm; }
@media screen and (max-width: 600px) { body { font-size: 10pt; padding: 0 3mm; } .meta { flex-direction: column; } th, td { padding: 1.2mm; } .sign { width: 10mm; } .due, .st { white-space: normal; } }
footer { margin-top: 10mm; display: flex; justify-content: space-between; }
.hint { font-family: sans-serif; font-size: 10pt; color: #555; border: 1px dashed #999; padding: 2mm 3mm; }
@media print { .hint { display: none; } }
</style></head><body>
<p class="hint">请使用浏览器的“打印”功能（Ctrl+P 或 ⌘+P）打印本单，此行不会打印。</p>
<h1>工作提示单</h1>
<div class="meta"><span>${esc(campaign.spec.name)}</span><span>编号：${esc(campaign.key)}-${esc(unit.key)}-${today.replaceAll('-', '')}</span></div>
<p><strong>${esc(unit.name)}</strong>：</p>
<p>根据${esc(campaign.spec.name)}收集的意见和明查暗访发现的问题，现将需要你单位整改的事项列出如下。请逐项整改，并在期限内通过平台反馈整改情况和佐证材料，由作风办核验后逐一销号。</p>
<table><thead><tr><th class="n">序号</th><th>问题及要求</th><th>整改期限</th><th>状态</th><th>销号确认</th></tr></thead><tbody>
${items || '<tr><td colspan="5" style="text-align:center">目前没有待办整改事项。</td></tr>'}
</tbody></table>
<footer><span>共 ${tasks.length} 项，其中逾期 ${tasks.filter((t) => t.overdue).length} 项</span><span>作风办（盖章）　${today}</span></footer>
</body></html>`;
}
