// What a log line may hold. The ballot is anonymous only if nobody who reads
// the logs can tie a code or a receipt to a person: a code that was opened but
// not used is a vote for whoever reads it, and an address next to a receipt
// names the voter. So no log line carries a code, a receipt or a client
// address: URLs are redacted (path and query), the address and port are
// dropped, and free text (messages, error messages and stacks) is redacted too.
import type { FastifyServerOptions } from 'fastify';

const HIDDEN = '…';

// The places a code or receipt sits in a URL: /v/CODE, /r/RECEIPT,
// /api/v1/vote/CODE, /api/v1/receipts/RECEIPT[/followup].
const SECRET_SEGMENT = /(\/(?:v|r|vote|receipts)\/)[^/?#\s"'`]+/gi;
// Anything else shaped like a code (13 symbols) or receipt (11), as it is shown
// (upper case, digits, optional dashes or spaces in groups of four): a code
// typed into an unexpected path or query, or quoted in an error message.
// Campaign and unit keys are lower case, so they stay readable.
const CODE_SHAPED = /(?<![0-9A-Za-z])(?=[0-9A-Z -]{0,14}[0-9])(?=[0-9A-Z -]{0,14}[A-Z])(?:[0-9A-Z]{4}[- ]?[0-9A-Z]{4}[- ]?[0-9A-Z]{3}|[0-9A-Z]{4}[- ]?[0-9A-Z]{4}[- ]?[0-9A-Z]{5})(?![0-9A-Za-z])/g;
// Query parameters whose value is a code or receipt whatever it looks like.
const SECRET_PARAM = /^(code|receipt|c|r)$/i;

/** Free text with every code- or receipt-bearing part replaced. */
export function redactText(text: string): string {
  return text.replace(SECRET_SEGMENT, `$1${HIDDEN}`).replace(CODE_SHAPED, HIDDEN);
}

/** A request URL fit for a log line: secret path segments and query values hidden. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = redactText(q < 0 ? url : url.slice(0, q));
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return redactText(pair);
      const name = pair.slice(0, eq);
      let value = pair.slice(eq + 1);
      try {
        value = decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        /* keep it encoded; still redacted below */
      }
      return `${redactText(name)}=${SECRET_PARAM.test(name) ? HIDDEN : redactText(value)}`;
    })
    .join('&');
  return `${path}?${query}`;
}

type Loggable = { method?: string; url?: string; host?: string; headers?: Record<string, unknown> };

function serializeReq(req: Loggable) {
  // No remoteAddress, no remotePort: the address is personal data here.
  return { method: req.method, url: redactUrl(String(req.url ?? '')), host: req.host };
}

function serializeErr(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'string' ? redactText(err) : err;
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? 'Error',
    message: redactText(err.message),
    stack: redactText(err.stack ?? ''),
  };
  // pg's detail/where/…, Fastify's code/statusCode: primitives only, redacted.
  for (const [k, v] of Object.entries(err)) {
    if (k in out) continue;
    if (typeof v === 'string') out[k] = redactText(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  if (err.cause !== undefined && depth < 3) out.cause = serializeErr(err.cause, depth + 1);
  return out;
}

export function loggerOptions(level: string, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: { req: serializeReq, err: (e: Error) => serializeErr(e) as { type: string; message: string; stack: string } },
    hooks: {
      // Messages Fastify builds from the raw URL ("Route GET:/v/… not found",
      // "Reply was already sent … /api/v1/vote/…") are strings, not objects.
      // An Error logged bare would lend pino its raw message as the line's msg.
      logMethod(args, method) {
        const [first, ...rest] = args as unknown[];
        const lead = first instanceof Error ? [{ err: first }, ...(rest.length ? [] : [first.message])] : [first];
        const all = [...lead, ...rest].map((a) => (typeof a === 'string' ? redactText(a) : a));
        return method.apply(this, all as Parameters<typeof method>);
      },
    },
  };
}
