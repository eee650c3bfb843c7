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
import { opsRepo } from './ops.repo.js';
import { READY_WITHIN_MS, readiness, refreshQueueGauges } from './ops.service.js';

export const opsRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness probe', description: 'Alive: the process answers.', response: { 200: healthSchema } } }, async () => ({ status: 'ok' as const }));

  // Ready means PostgreSQL, the record, answers: votes are still accepted with
  // Redis gone (limits fail open, the reconciler re-queues from PostgreSQL), so
  // a Redis outage is reported as degraded and the api stays in rotation.
  app.get('/readyz', { schema: { tags: ['ops'], summary: 'Readiness probe', description: `Ready when PostgreSQL answers within ${READY_WITHIN_MS / 1000} s (Redis is reported: "degraded" when it does not answer); otherwise 503 SERVICE_UNAVAILABLE.`, response: { 200: readySchema, 503: errorResponseSchema } } }, async (req, reply) => {
    const { postgres, redis, details } = await readiness(ctx);
    if (postgres) return { status: redis ? ('ready' as const) : ('degraded' as const), postgres, redis };
    return reply.code(503).send({ error: { code: 'SERVICE_UNAVAILABLE', message: 'Not ready: PostgreSQL does not answer', details }, requestId: req.id });
  });

  app.get('/metrics', { schema: { tags: ['ops'], hide: true } }, async (req, reply) => {
    if (!hasMetricsToken(ctx.config.metricsToken, req.headers.authorization)) {
      if (!req.user) throw notSignedIn(req);
      if (req.user.role !== 'admin') throw new AppError(403, 'FORBIDDEN', 'Admins only');
    }
    await refreshQueueGauges(ctx);
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
    createBullBoard({ queues: opsRepo.boardQueues(ctx.queue).map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
    adapter.setBasePath('/admin/queues');
    await board.register(adapter.registerPlugin() as never, { prefix: '/admin/queues' });
  });
};
