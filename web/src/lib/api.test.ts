import { describe, expect, it, vi } from 'vitest';
import { ApiError, get, post, request } from './api';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a failure');
}

describe('api client', () => {
  it('sends JSON to /api/v1 and returns the parsed body', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const fetch = (async (url: string, init: RequestInit) => {
      seen = { url, init };
      return json(201, { status: 'accepted', receipt: 'R', submittedAt: 'now' });
    }) as unknown as typeof globalThis.fetch;
    const res = await post<{ receipt: string }>('/vote/ABC', { ratings: {} }, { fetch });
    expect(res.receipt).toBe('R');
    expect(seen!.url).toBe('/api/v1/vote/ABC');
    expect(seen!.init.method).toBe('POST');
    expect(seen!.init.body).toBe('{"ratings":{}}');
    expect((seen!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('sends a raw body (a CSV text, a file\'s form) as it is, with its own content type', async () => {
    let seen: RequestInit | null = null;
    const fetch = (async (_url: string, init: RequestInit) => {
      seen = init;
      return json(200, { rows: 2 });
    }) as unknown as typeof globalThis.fetch;
    const res = await request<{ rows: number }>('PUT', '/scores', { rawBody: 'unit,score\nw-gs,90', headers: { 'content-type': 'text/csv' }, fetch });
    expect(res.rows).toBe(2);
    expect(seen!.body).toBe('unit,score\nw-gs,90');
    expect(seen!.headers).toMatchObject({ accept: 'application/json', 'content-type': 'text/csv' });
  });

  it('refuses text the server cannot store before sending it, with the server\'s code', async () => {
    const fetch = vi.fn();
    for (const comment of ['a\u0000b', 'x\ud800']) {
      const err = await request('POST', '/vote/X', { body: { comment }, fetch }).catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 422, code: 'TEXT_INVALID', details: [{ path: 'body.comment' }] });
    }
    expect(fetch).not.toHaveBeenCalled();
  });

  it('turns the error shape into a typed ApiError', async () => {
    const fetch = (async () =>
      json(409, { error: { code: 'CODE_ALREADY_USED', message: 'used' }, requestId: 'req-7' })) as unknown as typeof globalThis.fetch;
    const err = await failure(get('/vote/X', { fetch }));
    expect(err).toMatchObject({ status: 409, code: 'CODE_ALREADY_USED', message: 'used', requestId: 'req-7' });
    expect(err.isNetwork).toBe(false);
  });

  it('keeps validation details and Retry-After', async () => {
    const fetch = (async () =>
      json(
        429,
        { error: { code: 'RATE_LIMITED', message: 'slow down', details: [{ path: 'body', message: 'x' }] }, requestId: 'r' },
        { 'retry-after': '12' },
      )) as unknown as typeof globalThis.fetch;
    const err = await failure(get('/x', { fetch }));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(12_000);
    expect(err.details).toEqual([{ path: 'body', message: 'x' }]);
  });

  it('gives a proxy HTML error page a code by its status', async () => {
    const fetch = (async () => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as unknown as typeof globalThis.fetch;
    const err = await failure(get('/x', { fetch }));
    expect(err).toMatchObject({ status: 502, code: 'SERVICE_UNAVAILABLE' });
  });

  it('reports a dropped connection as NETWORK with status 0', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const err = await failure(get('/x', { fetch }));
    expect(err).toMatchObject({ status: 0, code: 'NETWORK' });
    expect(err.isNetwork).toBe(true);
  });

  it('gives up after the timeout as TIMEOUT', async () => {
    const fetch = ((_url: string, init: RequestInit) =>
      new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))) as unknown as typeof globalThis.fetch;
    const err = await failure(get('/x', { fetch, timeoutMs: 10 }));
    expect(err).toMatchObject({ status: 0, code: 'TIMEOUT' });
  });
});
