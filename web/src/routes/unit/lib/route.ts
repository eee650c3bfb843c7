// Which of the liaison's pages a path below /unit names. Pure, so it is tested without a browser.
export type UnitRoute =
  | { page: 'home' }
  | { page: 'password' }
  | { page: 'task'; id: number }
  | { page: 'report'; campaign: string; unit: string }
  | { page: 'notFound' };

const KEY = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function unitRoute(rest: string | undefined): UnitRoute {
  const parts = (rest ?? '').split('/').filter(Boolean);
  if (!parts.length) return { page: 'home' };
  if (parts.length === 1 && parts[0] === 'password') return { page: 'password' };
  if (parts.length === 2 && parts[0] === 'tasks' && /^[1-9]\d{0,9}$/.test(parts[1])) return { page: 'task', id: Number(parts[1]) };
  if (parts.length === 2 && KEY.test(parts[0]) && KEY.test(parts[1]) && parts[0] !== 'tasks') return { page: 'report', campaign: parts[0], unit: parts[1] };
  return { page: 'notFound' };
}

const enc = encodeURIComponent;
export const reportHref = (campaign: string, unit: string) => `/unit/${enc(campaign)}/${enc(unit)}`;
export const taskHref = (id: number) => `/unit/tasks/${id}`;

/** A problem's share ("75.00", percent) as a bar width 0–100; 0 when there is none. */
export function shareWidth(share: string | null): number {
  const n = Number(share);
  return share === null || !Number.isFinite(n) ? 0 : Math.max(0, Math.min(100, n));
}
