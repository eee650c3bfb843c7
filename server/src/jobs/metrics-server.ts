// A worker has no API, but Prometheus still wants its job latencies and a
// health probe wants an answer: a tiny server for just those two.
import crypto from 'node:crypto';
import http from 'node:http';
import type { Context } from '../context.js';
import { refreshQueueGauges } from '../modules/ops/ops.service.js';
import { hasMetricsToken } from '../infra/metrics.js';

export function listenForMetrics(ctx: Context, host: string, port: number): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (req.url === '/metrics') {
      // Only Prometheus, with METRICS_TOKEN (unset: nobody); the error shape is the api's.
      if (!hasMetricsToken(ctx.config.metricsToken, req.headers.authorization)) {
        const message = ctx.config.metricsToken ? 'Send METRICS_TOKEN as a bearer token' : 'Set METRICS_TOKEN to read the metrics';
        const body = { error: { code: 'UNAUTHENTICATED', message }, requestId: crypto.randomUUID() };
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify(body));
        return;
      }
      await refreshQueueGauges(ctx);
      res.writeHead(200, { 'content-type': ctx.metrics.registry.contentType }).end(await ctx.metrics.registry.metrics());
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}
