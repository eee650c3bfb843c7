// Prometheus metrics. A registry per context so tests do not share counters.
import crypto from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  ballotsAccepted: Counter;
  ballotsRejected: Counter<'reason'>;
  queueDepth: Gauge<'queue' | 'state'>;
  jobLatency: Histogram<'job'>;
  submitBatchSize: Histogram;
  submitCodesRead: Counter;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    ballotsAccepted: new Counter({ name: 'minping_ballots_accepted_total', help: 'Ballots committed and answered "accepted"', registers: [registry] }),
    ballotsRejected: new Counter({ name: 'minping_ballots_rejected_total', help: 'Ballot submissions refused, by error code', labelNames: ['reason'], registers: [registry] }),
    queueDepth: new Gauge({ name: 'minping_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers: [registry] }),
    jobLatency: new Histogram({
      name: 'minping_job_seconds',
      help: 'Time from a job being enqueued to its completion',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    submitBatchSize: new Histogram({
      name: 'minping_submit_group_size',
      help: 'Ballots committed together in one transaction',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    }),
    // Most ballots are stored by their code's hash in one statement; these
    // took the longer way (committer.ts commitGroup): answers that fit several
    // open campaigns, a code used, voided or unknown, a retry.
    submitCodesRead: new Counter({
      name: 'minping_submit_codes_read_total',
      help: 'Ballot submissions whose codes were read before they were stored (not stored by hash in one statement)',
      registers: [registry],
    }),
  };
}

/**
 * Whether an Authorization header carries METRICS_TOKEN. /metrics tells anyone
 * who reads it the ballot flow minute by minute and the process internals, so
 * it answers only Prometheus (this bearer) or, on the api, an admin.
 */
export function hasMetricsToken(token: string | undefined, authorization: string | undefined): boolean {
  if (!token || !authorization?.startsWith('Bearer ')) return false;
  const given = crypto.createHash('sha256').update(authorization.slice(7).trim()).digest();
  return crypto.timingSafeEqual(given, crypto.createHash('sha256').update(token).digest());
}
