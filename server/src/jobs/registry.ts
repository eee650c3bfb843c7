// One registry: job name → handler. Start-up fails if a name has no handler.
import type { Job } from 'bullmq';
import type { Context } from '../context.js';
import { processBallots } from '../modules/ballots/ballots.service.js';
import { generateCodes } from '../modules/codes/codes.service.js';
import { recomputeNow } from '../modules/results/recompute.service.js';
import { markOverdue } from '../modules/tasks/overdue.js';
import { jobPayloads, type JobName, type JobPayload } from '@minping/shared/jobs';

type Handler<N extends JobName> = (ctx: Context, payload: JobPayload<N>, job: Job) => Promise<unknown>;

export const handlers: { [N in JobName]: Handler<N> } = {
  async 'process-ballots'(ctx, { ballotIds }) {
    // The campaigns whose tallies changed are queued for a recompute after the commit.
    const { processed } = await processBallots(ctx, ballotIds);
    return { processed };
  },
  async 'recompute-scores'(ctx, { campaignId }) {
    await recomputeNow(ctx, campaignId);
  },
  async 'generate-codes'(ctx, { batchId }, job) {
    await generateCodes(ctx, batchId, (generated) => job.updateProgress({ generated }));
  },
  async 'mark-overdue'(ctx) {
    return markOverdue(ctx);
  },
};

export function checkRegistry() {
  for (const name of Object.keys(jobPayloads)) {
    if (!(name in handlers)) throw new Error(`job "${name}" has no handler`);
  }
}

export async function runJob(ctx: Context, job: Job): Promise<unknown> {
  const name = job.name as JobName;
  const schema = jobPayloads[name];
  if (!schema) throw new Error(`unknown job "${job.name}"`);
  const payload = schema.parse(job.data);
  return (handlers[name] as Handler<JobName>)(ctx, payload as never, job);
}
