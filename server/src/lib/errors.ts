import type { ErrorCode } from '@minping/shared/errors';

/** A failure the client caused or may see: always a 4xx (or 503) with a stable code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    /** Where and what; `code` and `params` when the web says it in the reader's language (errorResponseSchema). */
    readonly details?: { path: string; message: string; code?: string; params?: Record<string, string | number | string[]> }[],
    /** Response headers that go with the error, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/**
 * The one way to say 404: a stable code naming what is missing (NOT_FOUND only
 * when nothing more specific fits). What lies outside a caller's scope is
 * answered the same way as what does not exist, so existence is not revealed.
 */
export const notFound = (code: ErrorCode, message: string) => new AppError(404, code, message);

/**
 * The failed statement's error, looked for through a few wrapping errors
 * (drizzle puts the driver's in `cause`): one whose code is a SQLSTATE. Every
 * SQLSTATE has a digit, which tells it from Node's EPIPE or EPERM.
 */
function databaseError(err: unknown): { code: string; constraint?: unknown } | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, n = 0; e && typeof e === 'object' && n < 5; e = e.cause as typeof e, n++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && /\d/.test(e.code)) return e as { code: string };
  }
  return undefined;
}

export const sqlStateOf = (err: unknown): string | undefined => databaseError(err)?.code;

/** Two requests meeting at a unique index (that one, when named): the later one's statement fails with 23505. */
export function uniqueViolation(err: unknown, constraint?: string): boolean {
  const e = databaseError(err);
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * A change that met another one made at the same moment (a unique index, a
 * deadlock, a serialization failure). Answered 409 CHANGED_MEANWHILE by the
 * error handler wherever no service says more: the failed transaction rolled
 * back, though steps of the request committed before it stay.
 */
export const concurrentChange = (err: unknown) => ['23505', '40P01', '40001'].includes(sqlStateOf(err) ?? '');
