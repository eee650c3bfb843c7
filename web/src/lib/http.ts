// The console's calls: the one API client (lib/api.ts) with the verbs, the
// text/csv body and the file upload the voter never needs, and one place that
// notices a lost session (401 UNAUTHENTICATED) so every page sends the user
// back to log in. The liaison's and inspector's pages use it too: one login.
import { API_BASE, ApiError, request, type RequestOptions } from './api';
import type { ApiResponse, ApiRoute } from '@minping/shared/contracts/routes';
import { target, type CallArgs } from './call';

type Opts = Omit<RequestOptions, 'body' | 'rawBody'>;

let onUnauthenticated: ((code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void) | null = null;

/**
 * Called once by the area: what to do when the server says the session is
 * gone, or that a one-time password must be changed before anything else.
 */
export function whenUnauthenticated(fn: (code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void): void {
  onUnauthenticated = fn;
}

async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'UNAUTHENTICATED' || e.code === 'PASSWORD_CHANGE_REQUIRED')) onUnauthenticated?.(e.code);
    throw e;
  }
}

export const api = {
  get: <T>(path: string, o?: Opts) => guard(request<T>('GET', path, o)),
  post: <T>(path: string, body?: unknown, o?: Opts) => guard(request<T>('POST', path, { ...o, body })),
  put: <T>(path: string, body: unknown, o?: Opts) => guard(request<T>('PUT', path, { ...o, body })),
  patch: <T>(path: string, body: unknown, o?: Opts) => guard(request<T>('PATCH', path, { ...o, body })),
  del: <T = void>(path: string, o?: Opts) => guard(request<T>('DELETE', path, o)),
  /** A raw text body (the scores CSV upload); answers JSON like every other call. */
  text: <T>(method: string, path: string, body: string, contentType: string, o?: Opts) =>
    guard(request<T>(method, path, { ...o, rawBody: body, headers: { ...o?.headers, 'content-type': contentType } })),
  /** A file's bytes as the body, with its content type (the XLSX units upload). */
  bytes: <T>(method: string, path: string, body: Blob, contentType: string, o?: Opts) =>
    guard(request<T>(method, path, { ...o, rawBody: body, headers: { ...o?.headers, 'content-type': contentType } })),
  /** One file as multipart/form-data (field "file"); the browser sets the boundary. */
  upload: <T>(path: string, file: File, o?: Opts) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return guard(request<T>('POST', path, { ...o, rawBody: form }));
  },
};

/**
 * One operation of the API, typed by its route (shared/contracts/routes.ts):
 * `call('GET /campaigns/:key/results', { params: { key } })`. A File body goes
 * as multipart (the upload), a string body as text/csv (the scores upload),
 * anything else as JSON.
 */
export function call<K extends ApiRoute>(route: K, ...[input, options]: CallArgs<K>): Promise<ApiResponse<K>> {
  const [method, path] = target(route, input);
  const body = (input as { body?: unknown } | undefined)?.body;
  if (typeof File !== 'undefined' && body instanceof File) return api.upload<ApiResponse<K>>(path, body, options);
  if (typeof body === 'string') return api.text<ApiResponse<K>>(method, path, body, 'text/csv; charset=utf-8', options);
  return guard(request<ApiResponse<K>>(method, path, { ...options, body }));
}

/** A path segment, escaped: campaign and unit keys are safe already, but codes typed by hand may not be. */
export const seg = (s: string | number) => encodeURIComponent(String(s));

/** The same path as a link for the browser (downloads, new tabs). */
export const apiHref = (path: string) => API_BASE + path;
