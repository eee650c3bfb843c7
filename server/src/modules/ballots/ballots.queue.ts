// The ballots queue: accepted ballots on their way to the worker (fraud rules,
// tallies). PostgreSQL is the record: a ballot not queued here is found again
// by the reconciler (ballotsRepo.stale).
import type { JobQueue } from '../../infra/queue.js';

export const ballotsQueue = {
  /** Ballots just accepted. The first id and the count name the job. */
  handOff: (queue: JobQueue, ballotIds: number[]) => queue.add('process-ballots', { ballotIds }, { jobId: `p-${ballotIds[0]}-${ballotIds.length}` }),
  /** Ballots the reconciler found not taken in: the id range names the job, so a second pass while it waits is a no-op. */
  requeue: (queue: JobQueue, ballotIds: number[]) =>
    queue.add('process-ballots', { ballotIds }, { jobId: `rec-${ballotIds[0]}-${ballotIds[ballotIds.length - 1]}` }),
  /** Jobs waiting, running, delayed and failed (-1 each when Redis does not answer). */
  async counts(queue: JobQueue) {
    return queue.queues.ballots.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => ({ waiting: -1, active: -1, delayed: -1, failed: -1 }));
  },
};
