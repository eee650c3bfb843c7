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
