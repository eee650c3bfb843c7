import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encode, EncodedCache, etagFor, matches, pickEncoding } from './encoded-cache.js';

const json = (n: number) => JSON.stringify({ rows: Array.from({ length: n }, (_, i) => ({ i, name: `unit ${i}` })) });

describe('EncodedCache', () => {
  it('keeps each version once, encoded three ways, and decodes to the same text', () => {
    const e = encode('v1', json(50));
    expect(zlib.gunzipSync(e.gzip).toString()).toBe(json(50));
    expect(zlib.brotliDecompressSync(e.br).toString()).toBe(json(50));
    expect(e.bytes).toBe(e.identity.length + e.gzip.length + e.br.length);
  });

  it('answers only for the version asked for', () => {
    const c = new EncodedCache(1 << 20);
    c.set('k', encode('v1', json(5)));
    expect(c.get('k', 'v1')).toBeDefined();
    expect(c.get('k', 'v2')).toBeUndefined();
    c.set('k', encode('v2', json(6)));
    expect(c.size).toBe(1);
    expect(c.get('k', 'v1')).toBeUndefined();
  });

  it('stays within its bytes, dropping the least recently used first', () => {
    const one = encode('x', json(200)).bytes;
    const c = new EncodedCache(Math.floor(one * 2.5));
    c.set('a', encode('x', json(200)));
    c.set('b', encode('x', json(200)));
    c.get('a', 'x'); // a is now the most recently used
    c.set('c', encode('x', json(200)));
    expect(c.bytes).toBeLessThanOrEqual(c.limit);
    expect(c.get('b', 'x')).toBeUndefined();
    expect(c.get('a', 'x')).toBeDefined();
    expect(c.get('c', 'x')).toBeDefined();
    c.set('huge', encode('x', json(2000))); // larger than the whole cache: not kept, nothing evicted for it
    expect(c.get('huge', 'x')).toBeUndefined();
    expect(c.size).toBe(2);
    c.resize(one);
    expect(c.bytes).toBeLessThanOrEqual(one);
    expect(c.size).toBe(1);
  });
  it('loads a version once for reads that miss together', async () => {
    const c = new EncodedCache(1 << 20);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setImmediate(r));
      return json(10);
    };
    const all = await Promise.all([c.fill('k', 'v', load), c.fill('k', 'v', load), c.fill('k', 'v', load)]);
    expect(loads).toBe(1);
    expect(new Set(all).size).toBe(1);
    expect(c.get('k', 'v')).toBe(all[0]);
    await expect(c.fill('k', 'w', async () => { throw new Error('db down'); })).rejects.toThrow('db down');
    expect(c.get('k', 'v')).toBe(all[0]); // a failed load keeps nothing and leaves the old version
  });
});

describe('content negotiation', () => {
  it('prefers br, then gzip, and honours q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('identity')).toBe('identity');
    expect(pickEncoding('deflate')).toBe('identity');
    expect(pickEncoding(undefined)).toBe('identity');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('*, br;q=0')).toBe('gzip');
  });

  it('gives each encoding its own strong tag, the same in every process', () => {
    const tags = (['identity', 'gzip', 'br'] as const).map((e) => etagFor('v', e));
    expect(new Set(tags).size).toBe(3);
    for (const t of tags) expect(t).toMatch(/^"[\w-]+"$/);
    expect(etagFor('v', 'gzip')).toBe(etagFor('v', 'gzip'));
    expect(matches(`"nope", ${tags[1]}`, tags[1])).toBe(true);
    expect(matches(`W/${tags[1]}`, tags[1])).toBe(true);
    expect(matches('*', tags[0])).toBe(false);
    expect(matches(tags[0], tags[1])).toBe(false);
    expect(matches(undefined, tags[1])).toBe(false);
  });
});
