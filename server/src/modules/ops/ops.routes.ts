// Health, readiness, Prometheus metrics and the queue board (admin only).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { healthSchema, readySchema } from '@minping/shared/contracts/ops';
import { errorResponseSchema } from '@minping/shared/errors';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { hasMetricsToken } from '../../infra/metrics.js';
import { notSignedIn } from '../../plugins/auth.js';

export async function refreshQueueGauges(ctx: Context) {
  for (const [name, queue] of Object.entries(ctx.queue.queues)) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, n] of Object.entries(counts)) ctx.metrics.queueDepth.set({ queue: name, state }, n);
  }
}

// A process whose database requests hang (a connection that never comes back,
// PGlite's one connection held) must not look ready: a probe that waits with
// them would hang too, so each check races a timer.
export const READY_WITHIN_MS = 2000;

const TOO_LATE = `no answer within ${READY_WITHIN_MS / 1000} s`;

function answersInTime<T>(check: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(TOO_LATE)), READY_WITHIN_MS);
  });
  // The check keeps running after a timeout; its late failure is of no interest.
  check.catch(() => {});
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

// The probe is public: it says which dependency failed and how, never the driver's message.
const reason = (c: PromiseSettledResult<unknown>) => (c.status === 'rejected' && c.reason instanceof Error && c.reason.message === TOO_LATE ? TOO_LATE : 'unavailable');

export const opsRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness probe', description: 'Alive: the process answers.', response: { 200: healthSchema } } }, async () => ({ status: 'ok' as const }));

  // Ready means PostgreSQL, the record, answers: votes are still accepted with
  // Redis gone (limits fail open, the reconciler re-queues from PostgreSQL), so
  // a Redis outage is reported as degraded and the api stays in rotation.
  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness probe', description: `Ready when PostgreSQL answers within ${READY_WITHIN_MS / 1000} s (Redis is reported: "degraded" when it does not answer); otherwise 503 SERVICE_UNAVAILABLE.`, response: { 200: readySchema, 503: errorResponseSchema } } }, async (req, reply) => {
    const checks = await Promise.allSettled([answersInTime(ctx.database.query('select 1')), answersInTime(ctx.redis.ping())]);
    const [postgres, redis] = checks.map((c) => c.status === 'fulfilled');
    if (postgres) return { status: redis ? ('ready' as const) : ('degraded' as const), postgres, redis };
    const details = (['postgres', 'redis'] as const).flatMap((path, i) => (checks[i].status === 'fulfilled' ? [] : [{ path, message: reason(checks[i]) }]));
    return reply.code(503).send({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Not ready: PostgreSQL does not answer', details }, requestId: req.id });
  });

  app.get('/metrics', { schema: { tags: ['ops'], hide: true } }, async (req, reply) => {
    if (!hasMetricsToken(ctx.config.metricsToken, req.headers.authorization)) {
      if (!req.user) throw notSignedIn(req);
      if (req.user.role !== 'admin') throw new AppError(403, 'FORBIDDEN', 'Admins only');
    }
    await refreshQueueGauges(ctx).catch(() => {});
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });

  // Bull Board sits in its own scope, behind an admin check on every request.
  await app.register(async (board) => {
    // Bull Board sets its own error handler on its routes (a thrown 401 came out
    // as its 500), so the refusal is answered here, in our error shape.
    board.addHook('onRequest', async (req, reply) => {
      const refusal = !req.user
        ? notSignedIn(req)
        : req.user.role !== 'admin' ? new AppError(403, 'FORBIDDEN', 'Admins only') : null;
      if (refusal) return reply.code(refusal.status).send({ error: { code: refusal.code, message: refusal.message }, requestId: req.id });
    });
    const adapter = new FastifyAdapter();
    createBullBoard({ queues: Object.values(ctx.queue.queues).map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
    adapter.setBasePath('/admin/queues');
    await board.register(adapter.registerPlugin() as never, { prefix: '/admin/queues' });
  });
};
