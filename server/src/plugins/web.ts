// Serves the built web app; unknown non-API paths fall back to index.html so
// client-side routes (/v/CODE, /admin/…) survive a reload. Files were
// compressed at build time (web/scripts/precompress.mjs): no CPU per request.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

function sendIndex(dist: string, req: FastifyRequest, reply: FastifyReply) {
  // Read on every request (the OS caches it): a rebuild while running is picked up.
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const file = path.join(dist, 'index.html');
  reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding').type('text/html; charset=utf-8');
  for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
    if (accepts.includes(enc) && fs.existsSync(file + ext)) return reply.header('content-encoding', enc).send(fs.readFileSync(file + ext));
  }
  return reply.send(fs.readFileSync(file));
}

export async function registerWeb(app: FastifyInstance, dist: string) {
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: false,
    preCompressed: true,
    setHeaders(res, file) {
      // Hashed assets never change; the page itself must always be fresh.
      if (file.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const url = req.url.split('?')[0];
    if (url.startsWith('/api/') || url.startsWith('/admin/queues')) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url}` }, requestId: req.id });
    }
    // Fastify has already refused a malformed address with a 400.
    const file = path.join(dist, path.normalize(decodeURIComponent(url)).replace(/^([/\\])+/, ''));
    if (file.startsWith(dist + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile() && !/\.(gz|br)$/.test(file)) {
      return reply.sendFile(path.relative(dist, file));
    }
    return sendIndex(dist, req, reply);
  });
}
