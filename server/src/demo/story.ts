// What the office and the units did with the demo's scores: rectification
// tasks at every stage, an appeal, follow-up calls, inspections with findings.
// Every step is the service a person's click would call (task events, audit,
// the state machine's checks); demo.repo then dates the steps as the story
// says, and the daily job marks what is overdue as it would every morning.
import type { Context } from '../context.js';
import { shanghaiDate } from '../lib/time.js';
import { authRepo } from '../modules/auth/auth.repo.js';
import type { User } from '../modules/auth/auth.service.js';
import { inviteUser } from '../modules/users/users.service.js';
import { answerTask, appealTask, createTask, decideAppeal, listTasks, tasksFromProblems, verifyTask } from '../modules/tasks/tasks.service.js';
import { deadlineFrom } from '../modules/tasks/calendar.js';
import { markOverdue } from '../modules/tasks/overdue.js';
import { findingToTask, recordInspection } from '../modules/inspections/inspections.service.js';
import { leaveContact, listComments } from '../modules/accountability/followup.service.js';
import { requireCampaign } from '../modules/campaigns/campaigns.service.js';
import type { CampaignSpec } from '@minping/shared/spec';
import { demoRepo } from './demo.repo.js';

const DAY_MS = 86_400_000;
/** `days` after `from`, at hh:mm in Shanghai. */
export function dayAt(from: Date, days: number, hh = 9, mm = 30): Date {
  const d = new Date(from.getTime() + days * DAY_MS);
  const shanghaiMidnight = Date.parse(`${shanghaiDate(d)}T00:00:00+08:00`);
  return new Date(shanghaiMidnight + (hh * 60 + mm) * 60_000);
}

const TEXT = {
  answer: '已召开专题整改会，制定整改清单，明确责任人和完成时限；增设综合受理窗口，推行预约办理，整改情况已形成台账。',
  answerAgain: '已补充值班制度文件和近两周值班记录，中午时段安排专人轮值。',
  returned: '整改材料不全：请补充值班制度文件和近两周的值班记录。',
  closed: '经现场核实和群众回访，整改到位，予以销号。',
  appeal: '该问题系省级政务服务平台故障所致，并非我单位办理环节原因，申请复核。',
  upheld: '经核实，问题原因在省级平台，已转交平台运维单位，撤销本任务。',
  followup: '电话回访群众，对“一窗受理”后的办理体验表示满意。',
};

/** The people the story needs: a liaison for each unit it touches, an inspector. */
class Cast {
  private users = new Map<string, User>();
  constructor(private ctx: Context, private admin: User) {}

  private async user(username: string, displayName: string, role: 'liaison' | 'inspector', units: string[]): Promise<User> {
    let u = this.users.get(username) ?? (await authRepo.findUserByName(this.ctx.database, username));
    if (!u) {
      await inviteUser(this.ctx, this.admin.id, { username, displayName, role, units, campaigns: [] });
      u = (await authRepo.findUserByName(this.ctx.database, username))!;
    }
    this.users.set(username, u);
    return u;
  }

  liaison(spec: CampaignSpec, unitKey: string) {
    const name = spec.units.find((u) => u.key === unitKey)?.name ?? unitKey;
    return this.user(`liaison-${unitKey}`, `${name}联络员`, 'liaison', [unitKey]);
  }

  inspector() {
    return this.user('inspector-wang', '特邀监督员 王立新', 'inspector', []);
  }
}

type Step = { at: Date; events?: number } & (
  | { do: 'answer'; text?: string }
  | { do: 'close'; followup?: boolean }
  | { do: 'return' }
  | { do: 'appeal' }
  | { do: 'uphold' }
);

/** Plays a task's steps through the services, then dates its events. */
async function play(ctx: Context, cast: Cast, admin: User, spec: CampaignSpec, task: { id: number; unit: string }, createdAt: Date, steps: Step[]) {
  const liaison = await cast.liaison(spec, task.unit);
  const times = [createdAt];
  for (const s of steps) {
    if (s.do === 'answer') await answerTask(ctx, liaison, task.id, { text: s.text ?? TEXT.answer, attachmentIds: [] });
    if (s.do === 'return') await verifyTask(ctx, admin, task.id, { action: 'return', note: TEXT.returned });
    if (s.do === 'close') await verifyTask(ctx, admin, task.id, { action: 'close', note: TEXT.closed, ...(s.followup ? { followup: { reached: true, satisfied: true, note: TEXT.followup } } : {}) });
    if (s.do === 'appeal') await appealTask(ctx, liaison, task.id, { reason: TEXT.appeal, attachmentIds: [] });
    if (s.do === 'uphold') await decideAppeal(ctx, admin, task.id, { decision: 'upheld', note: TEXT.upheld });
    // A close with a follow-up writes two events: the call, then the close.
    for (let i = 0; i < (s.do === 'close' && s.followup ? 2 : 1); i++) times.push(new Date(s.at.getTime() + i * 60_000));
  }
  await demoRepo.setTaskTimes(ctx.database, task.id, times, await deadlineFrom(ctx.database, undefined, shanghaiDate(createdAt)));
}

/** The published year: its problem tasks were answered and ticked off, one of them late. */
export async function closeOutYear(ctx: Context, admin: User, spec: CampaignSpec, publishedAt: Date) {
  const cast = new Cast(ctx, admin);
  await tasksFromProblems(ctx, admin, spec.key, { threshold: 0.05 });
  const tasks = await listTasks(ctx, admin, { campaign: spec.key, limit: 500 });
  const createdAt = dayAt(publishedAt, 3);
  for (const [i, t] of tasks.entries()) {
    const answered = dayAt(createdAt, i === 1 ? 27 : 6 + i, 16, 10 + i);
    await play(ctx, cast, admin, spec, t, createdAt, [
      { do: 'answer', at: answered },
      { do: 'close', at: dayAt(answered, 2, 10, 5) },
    ]);
  }
}

/**
 * The open year, as it stands `now`: inspections (one not yet acted on),
 * tasks from findings, from the ballots' problems and from a voter's comment,
 * at every stage: open, overdue, answered, returned, appealed, withdrawn
 * on appeal, closed, closed after a follow-up call.
 */
export async function runningYear(ctx: Context, admin: User, spec: CampaignSpec, now: Date, commented: { receipt: string; comment?: string }[]) {
  const cast = new Cast(ctx, admin);
  const inspector = await cast.inspector();
  const key = spec.key;

  // 明查暗访.
  const visits = [
    {
      days: -33,
      unit: 'w-bdc',
      kind: 'undercover',
      place: '市民中心二楼不动产登记大厅',
      summary: '以办事群众身份暗访二手房转移登记。',
      findings: [
        { problem: 'slow', description: '取号后等候 1 小时 40 分钟，6 个窗口仅开放 3 个。' },
        { problem: 'attitude', description: '窗口人员对咨询群众不耐烦，未一次性告知所需材料。' },
      ],
    },
    { days: -19, unit: 't-ly', kind: 'open', place: '柳阳乡便民服务中心', summary: '工作日午间明查。', findings: [{ problem: 'lazy', description: '12:10 至 13:00 两名工作人员离岗，服务台无人值守。' }] },
    { days: -6, unit: 'w-gjj', kind: 'phone', place: '公积金咨询热线 12329', summary: '拨打 5 次，4 次接通，答复准确、态度良好。', findings: [] },
    { days: -3, unit: 'd-zrzy', kind: 'open', place: '市自然资源局政务公开栏', summary: '查看规划审批事项公开情况。', findings: [{ problem: 'opaque', description: '规划审批事项办理进度未在网上公开，公开栏信息停留在去年。' }] },
  ];
  const recorded = [];
  for (const v of visits) {
    const visitedAt = dayAt(now, v.days, 10, 0);
    const inspection = await recordInspection(ctx, inspector, {
      campaign: key,
      unit: v.unit,
      place: v.place,
      visitedOn: shanghaiDate(visitedAt),
      kind: v.kind,
      summary: v.summary,
      findings: v.findings.map((f) => ({ ...f, photoIds: [] })),
    });
    await demoRepo.setInspectionTime(ctx.database, inspection.id, dayAt(visitedAt, 0, 18, 20));
    recorded.push(inspection);
  }
  const [bdc, ly] = recorded;
  // The waiting hall: one finding never answered (overdue now), one answered and ticked off.
  const slow = await findingToTask(ctx, admin, bdc.id, bdc.findings[0].id, { isPublic: true });
  await play(ctx, cast, admin, spec, slow, dayAt(now, -32, 9, 0), []);
  const rude = await findingToTask(ctx, admin, bdc.id, bdc.findings[1].id, { isPublic: true });
  await play(ctx, cast, admin, spec, rude, dayAt(now, -32, 9, 5), [
    { do: 'answer', at: dayAt(now, -24, 15, 40) },
    { do: 'close', at: dayAt(now, -21, 10, 20) },
  ]);
  // The township's lunch break: answered, sent back for evidence.
  const lunch = await findingToTask(ctx, admin, ly.id, ly.findings[0].id, { isPublic: false });
  await play(ctx, cast, admin, spec, lunch, dayAt(now, -18, 9, 15), [
    { do: 'answer', at: dayAt(now, -10, 17, 5) },
    { do: 'return', at: dayAt(now, -8, 11, 30) },
  ]);

  // A voter's comment, with a number left for a call back: answered, called, closed.
  const voter = commented.find((c) => c.comment?.includes('一窗受理')) ?? commented.find((c) => c.comment);
  if (voter) {
    await leaveContact(ctx, voter.receipt, '139 1234 5678');
    const campaign = await requireCampaign(ctx.database, key);
    const { comments } = await listComments(ctx, campaign.id, '', 1000);
    const withContact = comments.find((c) => c.hasContact)!;
    const task = await createTask(ctx, admin, { campaign: key, unit: 'w-bdc', source: 'comment', commentKey: withContact.key, title: '推行“一窗受理”，减少群众跑腿', description: withContact.comment, isPublic: true });
    await play(ctx, cast, admin, spec, task, dayAt(now, -15, 14, 0), [
      { do: 'answer', at: dayAt(now, -9, 16, 30) },
      { do: 'close', followup: true, at: dayAt(now, -5, 10, 0) },
    ]);
  }

  // The ballots' most ticked problems, sent to their units twelve days ago.
  await tasksFromProblems(ctx, admin, key, { threshold: 0.05 });
  const problemTasks = (await listTasks(ctx, admin, { campaign: key, limit: 500 })).filter((t) => t.source === 'problem');
  const created = dayAt(now, -12, 9, 0);
  const stories: Step[][] = [
    [{ do: 'answer', at: dayAt(now, -2, 15, 20) }],
    [{ do: 'appeal', at: dayAt(now, -4, 11, 0) }],
    [
      { do: 'answer', at: dayAt(now, -7, 16, 45) },
      { do: 'close', at: dayAt(now, -3, 9, 40) },
    ],
    [],
    [
      { do: 'appeal', at: dayAt(now, -9, 10, 15) },
      { do: 'uphold', at: dayAt(now, -6, 15, 0) },
    ],
  ];
  for (const [i, t] of problemTasks.entries()) await play(ctx, cast, admin, spec, t, created, stories[i % stories.length]);

  // This morning's run of the daily job: overdue tasks and reminders.
  await markOverdue(ctx, now);
}
