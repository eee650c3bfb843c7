import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { registerErrorHandling } from './errors.js';

/** An app whose one route fails with `err`. */
async function failingWith(err: unknown) {
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  app.get('/x', async () => {
    throw err;
  });
  const res = await app.inject({ method: 'GET', url: '/x' });
  await app.close();
  return [res.statusCode, res.json().error.code];
}

// drizzle wraps the driver's error: the SQLSTATE is in `cause`.
const wrapped = (code: string) => Object.assign(new Error('Failed query: insert …'), { cause: Object.assign(new Error('duplicate key'), { code }) });

describe('a change that met another at the same moment', () => {
  it.each(['23505', '40P01', '40001'])('is 409 CHANGED_MEANWHILE, not a 500, where no service named it (SQLSTATE %s, as thrown and wrapped)', async (code) => {
    expect(await failingWith(Object.assign(new Error('x'), { code }))).toEqual([409, 'CHANGED_MEANWHILE']);
    expect(await failingWith(wrapped(code))).toEqual([409, 'CHANGED_MEANWHILE']);
  });

  it('leaves other database failures a 500 INTERNAL', async () => {
    expect(await failingWith(wrapped('23503'))).toEqual([500, 'INTERNAL']);
    expect(await failingWith(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toEqual([500, 'INTERNAL']);
  });
});
