import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import zlib from 'node:zlib';

// A JSON answer that is read far more often than it changes, kept ready to
// send: serialised once, gzipped and brotli-compressed once, with a strong
// ETag per encoding. The cache is per process and bounded by bytes (least
// recently used goes first); several api processes each keep their own.

export type Encoding = 'br' | 'gzip' | 'identity';

export interface EncodedBody {
  /** What the answer is a copy of (stamps from the database); a new version replaces the entry. */
  version: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  bytes: number;
}

/**
 * A strong ETag for one representation of one version: the same version gives
 * the same tag in every api process, and each encoding has its own (RFC 9110
 * §8.8.3: a strong validator names exactly one representation).
 */
export function etagFor(version: string, encoding: Encoding): string {
  const id = `${encoding}\n${version}`;
  let tag = ETAGS.get(id);
  if (tag === undefined) {
    const h = crypto.createHash('sha256').update(version).digest('base64url').slice(0, 22);
    tag = `"${h}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    // Every read asks for the tag (a 304 of a version held needs nothing else): hash each version once.
    if (ETAGS.size >= 1000) ETAGS.delete(ETAGS.keys().next().value!);
    ETAGS.set(id, tag);
  }
  return tag;
}
const ETAGS = new Map<string, string>();

export function encode(version: string, json: string): EncodedBody {
  const identity = Buffer.from(json, 'utf8');
  const gzip = zlib.gzipSync(identity, { level: 6 });
  // Quality 6: a few ms for a 240 kB answer, within a few % of quality 11's size.
  const br = zlib.brotliCompressSync(identity, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
  });
  return { version, identity, gzip, br, bytes: identity.length + gzip.length + br.length };
}

/** The best encoding the client takes (br, then gzip, else identity), honouring q=0. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const taken = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    taken.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (e: string) => (taken.get(e) ?? (taken.has('*') ? taken.get('*')! : 0)) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/**
 * Whether an If-None-Match header names this tag (weak comparison, as RFC 9110
 * §13.1.2 asks). "*" is not taken as a match: a 304 answers for a version
 * the client names, not for whatever exists.
 */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export class EncodedCache {
  private entries = new Map<string, EncodedBody>();
  private total = 0;
  private loading = new Map<string, Promise<EncodedBody>>();
  constructor(private maxBytes: number) {}

  get bytes() {
    return this.total;
  }
  get size() {
    return this.entries.size;
  }
  get limit() {
    return this.maxBytes;
  }

  /** The entry for key if it is of this version (and marks it recently used). */
  get(key: string, version: string): EncodedBody | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.version !== version) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /**
   * Loads, encodes and keeps one version; reads that miss at the same moment
   * (just after a recompute, at hundreds a second) share one load and one compression.
   */
  fill(key: string, version: string, load: () => Promise<string>): Promise<EncodedBody> {
    const id = `${key}\n${version}`;
    let p = this.loading.get(id);
    if (!p) {
      p = load()
        .then((json) => {
          const body = encode(version, json);
          this.set(key, body);
          return body;
        })
        .finally(() => this.loading.delete(id));
      this.loading.set(id, p);
    }
    return p;
  }

  set(key: string, body: EncodedBody) {
    this.delete(key);
    // An answer larger than the whole cache is served but not kept.
    if (body.bytes > this.maxBytes) return;
    this.entries.set(key, body);
    this.total += body.bytes;
    for (const [k, v] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= v.bytes;
    }
  }

  delete(key: string) {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.total -= old.bytes;
  }

  /** For tests: a smaller bound, applied at once. */
  resize(maxBytes: number) {
    this.maxBytes = maxBytes;
    for (const [k, v] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(k);
      this.total -= v.bytes;
    }
  }
}

/**
 * Sends one version of a cached answer: 304 with no body when If-None-Match
 * names it, else the bytes in the best encoding the client takes, made at
 * most once per version and process. A 304 for a version not held (after a
 * restart, on another api process, once evicted) loads it first, once: what
 * exists is known only from loading it. The caller has already checked that the
 * client may read it (the cache key and version say nothing about who asks).
 */
export async function sendEncoded(
  req: FastifyRequest,
  reply: FastifyReply,
  cache: EncodedCache,
  opts: { key: string; version: string; cacheControl: string; load: () => Promise<string> },
) {
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const etag = etagFor(opts.version, encoding);
  // The tag is made from stamps, before anything says the answer exists: a
  // 304, the tag and the cache-control go out only for an entry held or just
  // loaded. A load that fails (?version=99: 404) answers its error bare, so no
  // cache keeps it and no tag can be sent back for a 304.
  const entry = cache.get(opts.key, opts.version) ?? (await cache.fill(opts.key, opts.version, opts.load));
  reply.header('vary', 'accept-encoding').header('cache-control', opts.cacheControl).header('etag', etag);
  if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.header('content-length', entry[encoding].length).send(entry[encoding]);
}
