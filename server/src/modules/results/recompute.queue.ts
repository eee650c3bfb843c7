// The scores queue: campaigns whose results are due. PostgreSQL is the record:
// a campaign whose tallies changed after its result is found again by the
// reconciler (resultsRepo.staleResults).
import type { JobQueue } from '../../infra/queue.js';

export const recomputeQueue = {
  /**
   * Debounced: every request within one window maps to the same job id, which
   * runs at the window's end, after every change that asked for it committed.
   */
  request(queue: JobQueue, campaignId: number, debounceMs: number, now = Date.now()) {
    const window = Math.max(1, debounceMs);
    const bucket = Math.floor(now / window);
    return queue.add('recompute-scores', { campaignId }, { jobId: `r-${campaignId}-${bucket}`, delay: (bucket + 1) * window - now });
  },
};
