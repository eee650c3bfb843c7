import { describe, expect, it } from 'vitest';
import { admissible, dataFault, transient, unreachable } from './admission.js';

const ballot = { ratings: { 'w-gs': 'satisfied' }, answeringMs: 60_000, deviceId: 'device-0001', comment: '很好 👍' };
const refusal = (body: unknown, idempotencyKey?: string) => {
  const r = admissible({ body, idempotencyKey });
  return 'refusal' in r ? { status: r.refusal.status, code: r.refusal.code, path: r.refusal.details?.[0]?.path } : null;
};

describe('a ballot joins a commit group only if nothing in it can fail the statement', () => {
  it('lets an honest ballot in, emoji (paired surrogates) included', () => {
    expect(refusal(ballot)).toBeNull();
  });

  it.each([
    ['NUL in the comment', { ...ballot, comment: 'a\u0000b' }, 'comment'],
    ['a lone high surrogate', { ...ballot, comment: '\ud800x' }, 'comment'],
    ['a lone low surrogate', { ...ballot, comment: 'x\udc00' }, 'comment'],
    ['a reversed pair', { ...ballot, deviceId: 'device-\udc00\ud800' }, 'deviceId'],
    ['an answering time beyond an int', { ...ballot, answeringMs: 2 ** 31 }, 'answeringMs'],
    ['a fractional answering time', { ...ballot, answeringMs: 0.5 }, 'answeringMs'],
    ['an oversize comment', { ...ballot, comment: 'x'.repeat(2001) }, 'comment'],
    ['no ratings at all', { answeringMs: 1 }, 'ratings'],
    ['a body that is not an object', 'ballot', 'body'],
  ])('refuses %s with 422 BALLOT_INVALID, naming the field', (_n, body, path) => {
    expect(refusal(body)).toEqual({ status: 422, code: 'BALLOT_INVALID', path });
  });

  it('refuses an idempotency key PostgreSQL could not store either', () => {
    expect(refusal(ballot, 'key-\u0000-0001')).toEqual({ status: 422, code: 'BALLOT_INVALID', path: 'idempotencyKey' });
  });
});

describe('a failed group statement', () => {
  const pgError = (code: string) => Object.assign(new Error('x'), { code });
  it('is retried whole for a collision or a deadlock', () => {
    expect(['23505', '40P01', '40001'].map((c) => transient(pgError(c)))).toEqual([true, true, true]);
    expect(transient(pgError('22P02'))).toBe(false);
  });
  it('blames a ballot for a data exception, an integrity violation or a size limit', () => {
    expect(['22P02', '22P05', '22003', '23514', '54000'].map((c) => dataFault(pgError(c)))).toEqual([true, true, true, true, true]);
    expect(dataFault(pgError('08006'))).toBe(false);
  });
  it('blames nobody when the database cannot be reached', () => {
    expect(unreachable(pgError('08006'))).toBe(true);
    expect(unreachable(pgError('57P01'))).toBe(true);
    expect(unreachable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(unreachable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(unreachable(pgError('22P02'))).toBe(false);
    expect(unreachable(new TypeError('x is undefined'))).toBe(false);
  });
});
