// Refusals made outside the routes answer in the one envelope too:
// { error: { code, message }, requestId }. Node's HTTP parser refuses some
// requests before Fastify sees them, Fastify refused requests that arrive while
// the server closes, and a long path parameter matched no route: each used to
// answer in Fastify's own shape, or as a missing route.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await createHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(() => h?.close());

/** Sends raw bytes; resolves with everything the server wrote until it closed the connection. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (got += d));
    socket.on('error', (err) => (got ? resolve(got) : reject(err)));
    socket.on('close', () => resolve(got));
    socket.write(request);
  });
}

function envelope(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head, json: JSON.parse(body) as { error: { code: string; message: string }; requestId: string } };
}

describe('what node’s HTTP parser refuses', () => {
  it('answers headers over 16 KB with 431 in our envelope', async () => {
    const tags = Array.from({ length: 6000 }, (_, i) => `"tag-${i}"`).join(', ');
    const a = envelope(await raw(`GET /api/v1/public/campaigns HTTP/1.1\r\nHost: x\r\nIf-None-Match: ${tags}\r\n\r\n`));
    expect(a.status).toBe(431);
    expect(a.json.error.code).toBe('BAD_REQUEST');
    expect(a.json.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.head.toLowerCase()).toContain(`x-request-id: ${a.json.requestId}`);
  });

  it('answers a broken Content-Length or header line with 400 in our envelope', async () => {
    for (const request of [
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      'GET /api/v1/public/campaigns HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n',
    ]) {
      const a = envelope(await raw(request));
      expect(a.status).toBe(400);
      expect(a.json.error).toMatchObject({ code: 'BAD_REQUEST', message: 'The request is not valid HTTP' });
    }
  });
});

describe('a bad request pipelined behind a good one', () => {
  it('closes the connection without writing into the answer still being made', async () => {
    const got = await raw('GET /api/v1/public/campaigns HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n');
    // Either the first answer whole, or nothing: never the refusal inside it.
    expect(got).not.toContain('HTTP/1.1 400');
  });
});

describe('a path parameter past 100 characters', () => {
  it('reaches its route, whose schema refuses it, instead of "No route"', async () => {
    const res = await h.inject({ method: 'GET', url: `/api/v1/vote/${'A'.repeat(500)}` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).not.toBe('NOT_FOUND');
  });
});

describe('an error whose status nobody named', () => {
  it('gets the code its status says: an upload of a field and no file is a bad request, a traversal of the docs forbidden', async () => {
    // A field and no file: refused by name (it was 413 BAD_REQUEST from busboy's limit, then 400
    // MULTIPART_MALFORMED; one-file.test.ts has the other shapes an upload of one file refuses).
    const form = new FormData();
    form.append('note', 'hello');
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/attachments`, { method: 'POST', body: form, headers: { cookie: h.adminCookie, origin: `http://127.0.0.1:${port}` } });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect([res.status, body.error.code]).toEqual([400, 'BAD_REQUEST']);
    expect(body.error.message).toContain('holds a field');
    const docs = await h.inject({ method: 'GET', url: '/api/docs/static/%2e%2e/%2e%2e/package.json' });
    expect(docs.statusCode).toBeGreaterThanOrEqual(400);
    expect(docs.statusCode).toBeLessThan(500);
    const code = docs.json().error.code;
    expect({ 403: 'FORBIDDEN', 404: 'NOT_FOUND', 400: 'BAD_REQUEST' }[docs.statusCode as 400 | 403 | 404]).toBe(code);
  });
});

describe('while the server closes', () => {
  it('answers a request still arriving with 503 SERVICE_UNAVAILABLE in our envelope, and closes the connection', async () => {
    // A kept-alive connection, opened before the close began.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let got = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (got += d));
    const closed = new Promise((r) => socket.once('close', r));
    const closing = h.app.close();
    socket.write('GET /api/v1/public/campaigns HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    await closing;
    const a = envelope(got);
    expect(a.status).toBe(503);
    expect(a.json.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(a.head.toLowerCase()).toContain('connection: close');
  });
});
