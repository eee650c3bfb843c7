// The text guard at the boundary (see shared/src/text.ts): every string a
// request carries — path parameters, query, and the body whatever its content
// type (JSON, the text/csv and text/plain uploads, the spec import) — is
// checked once, before any route's schema or handler sees it. A string with
// NUL or an unpaired surrogate is a 422 TEXT_INVALID naming where it sat.
// It is a root hook, so every route registered after it gets it and none can
// forget it; multipart parts are read by their route, which calls
// assertCleanText on each field and file name.
import type { FastifyInstance } from 'fastify';
import { findBadText } from '@minping/shared/text';
import { TEXT_INVALID_MESSAGE } from '@minping/shared/contracts/text';
import { AppError } from '../lib/errors.js';
import { sendError } from './errors.js';

export function assertCleanText(value: unknown, path: string): void {
  const bad = findBadText(value, path);
  if (bad) throw new AppError(422, 'TEXT_INVALID', TEXT_INVALID_MESSAGE, [bad]);
}

export function registerTextGuard(app: FastifyInstance) {
  // Answered here rather than thrown: a scope with an error handler of its own
  // (the queue board's turns everything into 500) still gets the 422.
  app.addHook('preValidation', async (req, reply) => {
    const bad = findBadText(req.params, 'params') ?? findBadText(req.query, 'query') ?? findBadText(req.body, 'body');
    if (bad) return sendError(reply, req, 422, 'TEXT_INVALID', TEXT_INVALID_MESSAGE, [bad]);
  });
}
