// The board needs a session. Without one (401) the reader is sent to the
// console's sign-in page, which brings them back here afterwards (?next=).
import { ApiError } from '../../../lib/api';
import { navigate } from '../../../lib/router.svelte';

export function loginHref(path = window.location.pathname + window.location.search): string {
  return `/admin/login?next=${encodeURIComponent(path)}`;
}

/** true when the error was a 401 (or a one-time password to change first) and the reader is on the way to sign in. */
export function guardLogin(error: unknown): boolean {
  if (!(error instanceof ApiError) || (error.status !== 401 && error.code !== 'PASSWORD_CHANGE_REQUIRED')) return false;
  navigate(loginHref(), { replace: true });
  return true;
}
