// The one API client. Every failure becomes an ApiError whose code is either a
// server error code (shared/src/errors.ts) or NETWORK / TIMEOUT, so pages can
// translate by code and decide whether to retry.
// Type-only import: errors.ts also defines a zod schema the voter must not download.
import type { ErrorCode } from '@minping/shared/errors';
import { findBadText } from '@minping/shared/text';

export type ClientErrorCode = 'NETWORK' | 'TIMEOUT';
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export interface ApiErrorDetail {
  path: string;
  message: string;
  /** A stable code (a campaign file's SPEC_ISSUE_CODES, a score file's CSV_ROW_ISSUE_CODES, …) and the values its sentence names. */
  code?: string;
  params?: Record<string, string | number | string[]>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details?: ApiErrorDetail[];
  readonly requestId?: string;
  /** From a Retry-After header, when the server sent one. */
  readonly retryAfterMs?: number;

  constructor(
    status: number,
    code: ApiErrorCode,
    message: string,
    extra: { details?: ApiErrorDetail[]; requestId?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = extra.details;
    this.requestId = extra.requestId;
    this.retryAfterMs = extra.retryAfterMs;
  }

  /** No answer came back: the request may or may not have reached the server. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as it is instead of body as JSON (a CSV text, a file's form): its content type goes in headers, or the browser sets it (FormData). */
  rawBody?: BodyInit;
  headers?: Record<string, string>;
  /** Give up after this long; phones on a bad link can otherwise hang for minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export const API_BASE = '/api/v1';

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function fallbackCode(status: number): ErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 502 || status === 503 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return 'BAD_REQUEST';
}

/** Turns a non-2xx response into an ApiError; a proxy's HTML error page still gets a code. */
async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    /* not JSON: keep the fallback */
  }
  const body = payload as { error?: { code?: unknown; message?: unknown; details?: unknown }; requestId?: unknown } | null;
  const err = body && typeof body === 'object' ? body.error : undefined;
  if (err && typeof err.code === 'string') {
    return new ApiError(res.status, err.code as ErrorCode, typeof err.message === 'string' ? err.message : '', {
      details: Array.isArray(err.details) ? (err.details as ApiErrorDetail[]) : undefined,
      requestId: typeof body?.requestId === 'string' ? body.requestId : undefined,
      retryAfterMs,
    });
  }
  return new ApiError(res.status, fallbackCode(res.status), res.statusText || `HTTP ${res.status}`, { retryAfterMs });
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  // The server refuses text it cannot store (NUL, a broken emoji's half) with
  // TEXT_INVALID; say so at once, without a round trip, with the same code.
  const bad = options.body === undefined ? null : findBadText(options.body);
  if (bad) throw new ApiError(422, 'TEXT_INVALID', bad.message, { details: [bad] });
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const controller = new AbortController();
  let timedOut = false;
  const timer = options.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, options.timeoutMs)
    : undefined;
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);

  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let res: Response;
  try {
    res = await doFetch(API_BASE + path, {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: controller.signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    if (options.signal?.aborted) throw e;
    throw new ApiError(0, timedOut ? 'TIMEOUT' : 'NETWORK', e instanceof Error ? e.message : String(e));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }

  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    // A 2xx whose body was cut off mid-way: as uncertain as a dropped connection.
    throw new ApiError(0, 'NETWORK', 'response body could not be read');
  }
}

export const get = <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options);
export const post = <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>) =>
  request<T>('POST', path, { ...options, body });

