// Browser-facing defences that every response and every state change share:
// security headers (no framing, no referrer, no sniffing, a CSP the built web
// app lives within), a cross-site request check on state changes a browser
// could be tricked into sending, and only the body types a route documents.
import type { FastifyInstance, FastifyRequest, preParsingAsyncHookHandler } from 'fastify';
import { AppError } from '../lib/errors.js';

// The web build loads only its own scripts and styles (checked in Chromium by
// test/e2e/csp.test.ts): QR codes are inline SVG, the favicon a data: URL,
// exports plain links, Chart.js draws on a canvas, and Svelte sets dynamic
// styles through the CSSOM (allowed); no inline <script> or <style> exists.
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Swagger UI and Bull Board are third-party pages: React writes inline styles
// and data: icons. Still no framing and no foreign scripts.
const TOOL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// The printable sheets the server renders itself (QR codes, reminder sheets):
// a <style> of their own, inline SVG, and no script at all.
export const PRINT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  // Voting codes sit in URLs (/v/CODE): never hand them to another site.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Public vote routes take no cookie and are authorised by the code in the
// path, which a cross-site page cannot know: nothing to forge, and a voter's
// odd WebView or proxy must never be refused for its headers.
const COOKIELESS = [/^\/api\/v1\/vote\//, /^\/api\/v1\/receipts\//];

export function registerSecurity(app: FastifyInstance, opts: { publicUrl: string }) {
  const publicHost = new URL(opts.publicUrl).host;

  app.addHook('onSend', async (req, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    // A route may set a narrower policy of its own (PRINT_CSP).
    if (reply.hasHeader('content-security-policy')) return;
    const tool = req.url.startsWith('/api/docs') || req.url.startsWith('/admin/queues');
    reply.header('content-security-policy', tool ? TOOL_CSP : APP_CSP);
  });

  // A state change that a browser sends on its own (a form, a fetch from a
  // foreign page) carries the session cookie: SameSite=Lax stops foreign
  // sites but not sibling subdomains or old browsers. The Origin header (every
  // current browser sends it on POST/PUT/PATCH/DELETE) or Sec-Fetch-Site says
  // where it came from. A bearer token is sent by scripts, never by a browser
  // on its own, so it needs no check; neither do clients that send neither
  // header (curl, scripts: not a browser, nothing to trick).
  app.addHook('onRequest', async (req) => {
    if (!STATE_CHANGING.has(req.method) && !req.routeOptions.config?.sameOriginOnly) return;
    if (req.headers.authorization?.startsWith('Bearer ')) return;
    const path = req.url.split('?')[0];
    if (COOKIELESS.some((re) => re.test(path))) return;
    if (!sameOrigin(req, publicHost)) {
      throw new AppError(403, 'CROSS_SITE_REQUEST', 'Cross-site requests may not change anything; use the console at its own address');
    }
  });

  // Fastify parses text/plain everywhere by default, and a cross-site form can
  // send it without a preflight. Routes say what they take (schema.consumes,
  // else JSON); anything else is a 415 before the body is read (and after the
  // auth guard: an anonymous caller learns nothing about the body).
  app.removeContentTypeParser('text/plain');
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!methods.some((m) => STATE_CHANGING.has(m))) return;
    const consumes = (route.schema as { consumes?: string[] } | undefined)?.consumes ?? ['application/json'];
    const check: preParsingAsyncHookHandler = async (req, _reply, payload) => {
      const type = req.headers['content-type'];
      if (type === undefined) return payload;
      const essence = type.split(';')[0].trim().toLowerCase();
      if (!consumes.includes(essence)) {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `This route takes ${consumes.join(' or ')}`);
      }
      return payload;
    };
    route.preParsing = [...[route.preParsing ?? []].flat(), check as never];
  });
}

/** The request was sent by a page of this site, or not by a browser at all. */
export function sameOrigin(req: FastifyRequest, publicHost: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return false;
  const origin = req.headers.origin;
  // No Origin: a same-origin or typed-in request of an old browser, or not a browser.
  if (origin === undefined) return site === undefined || site === 'same-origin' || site === 'none';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage
  }
  // The address browsers use (PUBLIC_URL), or the Host the request came to
  // (a direct connection, or a proxy that passes the browser's Host on).
  // A sibling subdomain (same-site) matches neither.
  return host !== '' && (host === publicHost || host === req.host);
}
