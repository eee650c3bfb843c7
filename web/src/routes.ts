// Which area owns which path. Each area is one lazily imported chunk: the
// voter's phone downloads the vote area and nothing of the console.
import type { Component } from 'svelte';
import type { Params, RouteDef } from './lib/match';

export type Area = 'vote' | 'receipt' | 'admin' | 'results' | 'unit' | 'inspect';

export const ROUTES: readonly RouteDef<Area>[] = [
  { pattern: '/', area: 'vote' },
  { pattern: '/v', area: 'vote' },
  { pattern: '/v/:code', area: 'vote' },
  { pattern: '/r', area: 'receipt' },
  { pattern: '/r/:receipt', area: 'receipt' },
  { pattern: '/admin/*', area: 'admin' },
  { pattern: '/results/*', area: 'results' },
  // A graded body's liaison, and an inspector: signed in through /admin/login.
  { pattern: '/unit/*', area: 'unit' },
  { pattern: '/inspect/*', area: 'inspect' },
];

export interface AreaModule {
  default: Component<{ params: Params }>;
  /** The area's strings in the current language are loaded. */
  ready: Promise<void>;
}

const loaders: Record<Area, () => Promise<AreaModule>> = {
  vote: () => import('./routes/vote/index'),
  receipt: () => import('./routes/receipt/index'),
  admin: () => import('./routes/admin/index'),
  results: () => import('./routes/results/index'),
  unit: () => import('./routes/unit/index'),
  inspect: () => import('./routes/inspect/index'),
};

const loaded = new Map<Area, Promise<AreaModule>>();

/** One promise per area, so moving within an area does not flash "loading". */
export function loadArea(area: Area): Promise<AreaModule> {
  let p = loaded.get(area);
  if (!p) {
    p = loaders[area]().then(async (mod) => {
      await mod.ready;
      return mod;
    });
    // A failed chunk (offline, or a new deploy replaced it) may be tried again.
    p.catch(() => loaded.delete(area));
    loaded.set(area, p);
  }
  return p;
}
