// Health, readiness, Prometheus metrics and the queue board (admin only).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { hasMetricsToken } from '../../plugins/metrics.js';
import { notSignedIn } from '../../plugins/auth.js';

export async function refreshQueueGauges(ctx: Context) {
  for (const [name, queue] of Object.entries(ctx.queue.queues)) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    for (const [state, n] of Object.entries(counts)) ctx.metrics.queueDepth.set({ queue: name, state }, n);
  }
}

export const opsRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/healthz', { schema: { tags: ['ops'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { schema: { tags: ['ops'], description: 'Ready when PostgreSQL and Redis answer.' } }, async (_req, reply) => {
    const checks = await Promise.allSettled([ctx.database.query('select 1'), ctx.redis.ping()]);
    const [db, redis] = checks.map((c) => c.status === 'fulfilled');
    return reply.code(db && redis ? 200 : 503).send({ status: db && redis ? 'ready' : 'not-ready', postgres: db, redis });
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
