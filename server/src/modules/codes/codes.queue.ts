// The codes queue: batches too large to fill inside the request. PostgreSQL is
// the record: a batch nobody fills is found again by the reconciler
// (codesRepo.unfinishedBatches).
import type { JobQueue } from '../../infra/queue.js';

/** One job id per takeover: a re-queue while a job waits is a no-op, yet a lapsed claim gets a new job. */
const generateJobId = (batchId: number, claims: number) => `gen-${batchId}-${claims}`;

export const codesQueue = {
  /** `claims`: how often the batch was taken so far (0 for a new batch). */
  generate: (queue: JobQueue, batchId: number, claims: number) => queue.add('generate-codes', { batchId }, { jobId: generateJobId(batchId, claims) }),
};
