// Which X-Forwarded-For entries to believe. Every per-address limit (vote rate,
// unknown-code lockout, login limit, the burst fraud rule) keys on req.ip, so
// believing an entry the client wrote lets anyone be a new address per request.
//
// TRUST_PROXY is either a hop count (how many proxies stand in front of the api;
// the client is the entry that many places from the right) or a list of the
// proxies' addresses/CIDRs. Fastify walks X-Forwarded-For from the right and
// stops at the first address it does not trust: that one is the client.
// `true` (trust every hop) is refused: it takes the left-most entry, which the
// client writes.
import net from 'node:net';

export type TrustProxy = false | number | string[];

// Named ranges @fastify/proxy-addr knows.
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [ip, prefix, ...rest] = entry.split('/');
  const family = net.isIP(ip);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** Parses TRUST_PROXY; a string error describes what is wrong. */
export function parseTrustProxy(raw: string): TrustProxy | { error: string } {
  const v = raw.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') {
    return {
      error:
        '"true" would believe the left-most X-Forwarded-For entry, which the client writes, and so void every per-address limit. ' +
        'Set the number of proxies in front of the api (1 behind the shipped nginx) or their addresses/CIDRs, e.g. "10.0.0.5,10.0.1.0/24"',
    };
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= 10 ? hops : { error: 'a hop count above 10 is surely a mistake' };
  }
  const entries = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((e) => !validEntry(e));
  if (bad.length || !entries.length) {
    return { error: `not a hop count nor a list of addresses/CIDRs (loopback, linklocal, uniquelocal also allowed): ${bad.join(', ') || v}` };
  }
  return entries;
}

/**
 * What Fastify's trustProxy gets. A hop count becomes a function: Fastify
 * itself now trusts nothing for a number (it cannot check the peer), but here
 * the count is the operator's statement that the api is reachable only through
 * that many proxies (in docker-compose the api publishes no port).
 */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((addr: string, hop: number) => boolean) {
  if (typeof trust === 'number') {
    if (trust === 0) return false;
    return (_addr: string, hop: number) => hop < trust;
  }
  return trust;
}
