// Typed calls: one operation of the API by its route (shared/contracts/routes.ts),
// e.g. apiCall('GET /receipts/:receipt', { params: { receipt } }): the path,
// its escaping and the types of what goes and comes back follow from the route.
// A module apart from lib/api.ts: the voter's pages keep to plain get/post
// (typed with ApiResponse) so these bytes stay out of the voter's bundle.
import type { ApiInput, ApiResponse, ApiRoute } from '@minping/shared/contracts/routes';
import { request, type RequestOptions } from './api';

/** The arguments of a typed call: the route's input (omittable when it needs none) and request options. */
export type CallArgs<K extends ApiRoute, O = Omit<RequestOptions, 'body'>> = {} extends ApiInput<K> ? [input?: ApiInput<K>, options?: O] : [input: ApiInput<K>, options?: O];

/** "GET /campaigns/:key/results" with its path parameters (escaped) and query → the method and the path to send. */
export function target(route: string, input?: object): [method: string, path: string] {
  const { params, query } = (input ?? {}) as { params?: Record<string, string | number>; query?: Record<string, unknown> };
  const [method, path] = route.split(' ');
  const search = String(new URLSearchParams(Object.entries(query ?? {}).filter((e) => e[1] != null) as string[][]));
  return [method, path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params![name])) + (search && `?${search}`)];
}

/** For the pages without a session (published results); the console uses `call` from lib/http.ts, which also notices a lost session. */
export function apiCall<K extends ApiRoute>(route: K, ...[input, options]: CallArgs<K>): Promise<ApiResponse<K>> {
  const [method, path] = target(route, input);
  return request<ApiResponse<K>>(method, path, { ...options, body: (input as { body?: unknown } | undefined)?.body });
}
