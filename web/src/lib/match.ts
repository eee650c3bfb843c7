// Path patterns for the hand-written router: "/v/:code" binds one segment,
// a trailing "/*" binds the rest as params.rest. No library needed for this.
export type Params = Record<string, string>;

export function matchPath(pattern: string, path: string): Params | null {
  const clean = (p: string) => p.replace(/\/+$/, '') || '/';
  const want = clean(pattern).split('/');
  const got = clean(path).split('/');
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === '*') {
      params.rest = got.slice(i).map(safeDecode).join('/');
      return params;
    }
    const g = got[i];
    if (g === undefined) return null;
    if (w.startsWith(':')) {
      if (!g) return null;
      params[w.slice(1)] = safeDecode(g);
    } else if (w !== g) return null;
  }
  return got.length === want.length ? params : null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface RouteDef<A extends string> {
  pattern: string;
  area: A;
}

export function resolve<A extends string>(routes: readonly RouteDef<A>[], path: string): { area: A | null; params: Params } {
  for (const r of routes) {
    const params = matchPath(r.pattern, path);
    if (params) return { area: r.area, params };
  }
  return { area: null, params: {} };
}
