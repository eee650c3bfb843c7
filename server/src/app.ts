// buildApp(ctx) builds the whole HTTP surface and listens on nothing:
// main.ts boots it, tests call it with app.inject().
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Context } from './context.js';
import { clientErrors, frameworkErrors, registerErrorHandling } from './plugins/errors.js';
import { registerJsonBody } from './plugins/json-body.js';
import { registerTextGuard } from './plugins/text-guard.js';
import { registerAuth } from './plugins/auth.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerWeb } from './plugins/web.js';
import { loggerOptions } from './plugins/logging.js';
import { WEB_DIST } from './paths.js';
import { fastifyTrustProxy } from './lib/trust-proxy.js';
import { registerSecurity } from './plugins/security.js';
import { registerRateLimit } from './plugins/rate-limit.js';
import { sourceKeys } from './modules/vote/vote.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { campaignRoutes } from './modules/campaigns/campaigns.routes.js';
import { draftRoutes } from './modules/drafts/drafts.routes.js';
import { codeBatchRoutes } from './modules/codes/codes.routes.js';
import { voteRoutes } from './modules/vote/vote.routes.js';
import { ballotRoutes } from './modules/ballots/ballots.routes.js';
import { scoreRoutes } from './modules/scores/scores.routes.js';
import { resultRoutes } from './modules/results/results.routes.js';
import { opsRoutes } from './modules/ops/ops.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { progressRoutes } from './modules/progress/progress.routes.js';
import { userRoutes } from './modules/users/users.routes.js';
import { taskRoutes } from './modules/tasks/tasks.routes.js';
import { attachmentRoutes } from './modules/attachments/attachments.routes.js';
import { inspectionRoutes } from './modules/inspections/inspections.routes.js';
import { accountabilityRoutes } from './modules/accountability/accountability.routes.js';
import { createBallotCommitter } from './modules/vote/committer.js';

export const BODY_LIMIT = 1024 * 1024; // 1 MiB; spec files and CSV uploads set their own
/**
 * How long a request may take to arrive, headers and body (Fastify's default
 * is no limit). Ten megabytes at under a megabit a second; behind the shipped
 * nginx, which buffers bodies, the api never waits that long.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

export async function buildApp(ctx: Context, opts: { logger?: boolean; logStream?: { write(line: string): void } } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // No code, receipt or client address reaches a log line (plugins/logging.ts).
    logger: opts.logger === false ? false : loggerOptions(ctx.config.logLevel, opts.logStream),
    bodyLimit: BODY_LIMIT,
    trustProxy: fastifyTrustProxy(ctx.config.trustProxy),
    genReqId: (req) => (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID(),
    requestIdHeader: false,
    frameworkErrors,
    clientErrorHandler: clientErrors,
    requestTimeout: REQUEST_TIMEOUT_MS,
    return503OnClosing: false,
    // A path parameter past 100 characters (Fastify's default) matched no
    // route: a 404 "No route" for a vote code that was only too long. Any
    // length a URL can have reaches the route, whose schema refuses it (400).
    routerOptions: { maxParamLength: 16 * 1024 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  registerErrorHandling(app);
  registerJsonBody(app);
  registerTextGuard(app);
  registerSecurity(app, { publicUrl: ctx.config.publicUrl });
  await app.register(cookie);
  await registerRateLimit(app, ctx.redis, ctx.config.redisPrefix, sourceKeys(ctx), ctx.config.invalidCodeLimit);
  registerAuth(app, ctx);
  await registerOpenApi(app);

  // Sessions and result stamps are kept in memory while this process hears what changes (infra/changes.ts).
  await ctx.changes.start();
  app.addHook('onClose', async () => ctx.changes.stop());
  const committer = createBallotCommitter(ctx);
  app.addHook('onClose', async () => committer.close());

  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx));
      await api.register(campaignRoutes(ctx));
      await api.register(draftRoutes(ctx));
      await api.register(codeBatchRoutes(ctx));
      await api.register(voteRoutes(ctx, committer));
      await api.register(ballotRoutes(ctx));
      await api.register(scoreRoutes(ctx));
      await api.register(resultRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(progressRoutes(ctx));
      await api.register(userRoutes(ctx));
      await api.register(taskRoutes(ctx));
      await api.register(attachmentRoutes(ctx));
      await api.register(inspectionRoutes(ctx));
      await api.register(accountabilityRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );
  await app.register(opsRoutes(ctx));

  const webDist = ctx.config.webDist ?? WEB_DIST;
  if (fs.existsSync(path.join(webDist, 'index.html'))) await registerWeb(app, webDist);
  return app;
}
