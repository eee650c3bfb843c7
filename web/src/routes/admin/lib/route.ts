// Which console page a path below /admin names. Pure, so it is tested without a browser.
export const CAMPAIGN_TABS = ['overview', 'codes', 'progress', 'flagged', 'scores', 'vetoes', 'results'] as const;
export type CampaignTab = (typeof CAMPAIGN_TABS)[number];

export type AdminRoute =
  | { page: 'campaigns' }
  | { page: 'login' }
  | { page: 'import' }
  | { page: 'audit' }
  | { page: 'queues' }
  | { page: 'campaign'; key: string; tab: CampaignTab }
  | { page: 'session'; key: string }
  | { page: 'notFound' };

export function adminRoute(rest: string | undefined): AdminRoute {
  const parts = (rest ?? '').split('/').filter(Boolean);
  const [first, key, third, ...more] = parts;
  if (!first) return { page: 'campaigns' };
  if (parts.length === 1) {
    if (first === 'campaigns') return { page: 'campaigns' };
    if (first === 'login' || first === 'import' || first === 'audit') return { page: first };
  }
  // The queue board is the server's page: the area hands it back to the browser.
  if (first === 'queues') return { page: 'queues' };
  if (first === 'campaigns' && key && !more.length) {
    if (!third) return { page: 'campaign', key, tab: 'overview' };
    if (third === 'session') return { page: 'session', key };
    if ((CAMPAIGN_TABS as readonly string[]).includes(third)) return { page: 'campaign', key, tab: third as CampaignTab };
  }
  return { page: 'notFound' };
}

/** Where to go back after logging in: only a console path, never another site. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/admin') || next.startsWith('//') || next.startsWith('/admin/login') || next.startsWith('/admin/queues')) return '/admin';
  return next;
}
