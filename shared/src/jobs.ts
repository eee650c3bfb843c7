// Queue and job names, with the payload each carries: the api enqueues with them, the worker's registry validates with them.
import { z } from 'zod';

export const QUEUES = { ballots: 'ballots', scores: 'scores', codes: 'codes', daily: 'daily' } as const;

export const jobPayloads = {
  'process-ballots': z.object({ ballotIds: z.array(z.number().int().positive()).min(1).max(5000) }),
  'recompute-scores': z.object({ campaignId: z.number().int().positive() }),
  'generate-codes': z.object({ batchId: z.number().int().positive() }),
  'mark-overdue': z.object({}),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = z.infer<(typeof jobPayloads)[N]>;

export const JOB_QUEUE: Record<JobName, keyof typeof QUEUES> = {
  'process-ballots': 'ballots',
  'recompute-scores': 'scores',
  'generate-codes': 'codes',
  'mark-overdue': 'daily',
};
