// Which console page a path below /admin names, and where a user goes after
// logging in. Pure, so it is tested without a browser.
import type { UserRole } from '@minping/shared/contracts/auth';
import { editorRoute, type EditorRoute } from '../editor/lib/sections';

export const CAMPAIGN_TABS = ['overview', 'codes', 'progress', 'flagged', 'scores', 'vetoes', 'results', 'tasks', 'comments', 'inspections', 'accountability', 'escalation'] as const;
export type CampaignTab = (typeof CAMPAIGN_TABS)[number];

export type AdminRoute =
  | { page: 'campaigns' }
  | { page: 'login' }
  | { page: 'import' }
  | { page: 'audit' }
  | { page: 'users' }
  | { page: 'holidays' }
  | { page: 'password' }
  | { page: 'queues' }
  | { page: 'campaign'; key: string; tab: CampaignTab; task?: number }
  | { page: 'session'; key: string }
  | { page: 'editor'; editor: Exclude<EditorRoute, { page: 'notFound' }> }
  | { page: 'notFound' };

const PAGES = ['login', 'import', 'audit', 'users', 'holidays', 'password'] as const;

export function adminRoute(rest: string | undefined): AdminRoute {
  const parts = (rest ?? '').split('/').filter(Boolean);
  const [first, key, third, ...more] = parts;
  if (!first) return { page: 'campaigns' };
  if (parts.length === 1) {
    if (first === 'campaigns') return { page: 'campaigns' };
    if ((PAGES as readonly string[]).includes(first)) return { page: first as (typeof PAGES)[number] };
  }
  // The campaign editor: /admin/editor (start a draft), /admin/editor/:id[/:section].
  if (first === 'editor') {
    const editor = editorRoute(parts.slice(1));
    return editor.page === 'notFound' ? { page: 'notFound' } : { page: 'editor', editor };
  }
  // The queue board is the server's page: the area hands it back to the browser.
  if (first === 'queues') return { page: 'queues' };
  if (first === 'campaigns' && key && !more.length) {
    if (!third) return { page: 'campaign', key, tab: 'overview' };
    if (third === 'session') return { page: 'session', key };
    if ((CAMPAIGN_TABS as readonly string[]).includes(third)) return { page: 'campaign', key, tab: third as CampaignTab };
  }
  // One task: /admin/campaigns/:key/tasks/:id.
  if (first === 'campaigns' && key && third === 'tasks' && more.length === 1 && /^[1-9]\d{0,9}$/.test(more[0])) {
    return { page: 'campaign', key, tab: 'tasks', task: Number(more[0]) };
  }
  return { page: 'notFound' };
}

// Where each role works; the login form sends a user back only inside these.
const AREAS: Record<UserRole, readonly string[]> = {
  admin: ['/admin', '/results/board'],
  // Its home (/admin: its campaigns to choose from) and the boards; not the office's pages.
  evaluator: ['/results/board', '/admin/password'],
  liaison: ['/unit'],
  inspector: ['/inspect'],
};
const HOME: Record<UserRole, string> = { admin: '/admin', evaluator: '/admin', liaison: '/unit', inspector: '/inspect' };

const inside = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);

/**
 * Where to go back after logging in: a page of the user's own area, never
 * another site, the login form or the server's queue board; otherwise the
 * role's home (an evaluator's lists its campaigns to choose from).
 */
export function safeNext(next: string | null | undefined, role: UserRole = 'admin'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/admin/login') || next.startsWith('/admin/queues')) return HOME[role];
  return AREAS[role].some((p) => inside(next, p)) ? next : HOME[role];
}
