// Serves the built web app; unknown non-API paths fall back to index.html so
// client-side routes (/v/CODE, /admin/…) survive a reload.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export async function registerWeb(app: FastifyInstance, dist: string) {
  const index = fs.readFileSync(path.join(dist, 'index.html'));
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: false,
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
    const file = path.join(dist, path.normalize(url).replace(/^([/\\])+/, ''));
    if (file.startsWith(dist) && url !== '/' && fs.existsSync(file) && fs.statSync(file).isFile()) return reply.sendFile(path.relative(dist, file));
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
  });
}
