// Who is logged in, asked once per visit (GET /auth/me); the session itself is
// an httpOnly cookie the page never sees.
import type { Me } from '@minping/shared/contracts/auth';
import { ApiError } from './api';
import { call } from './http';

export const session = $state<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

let checking: Promise<void> | null = null;

export function checkSession(): Promise<void> {
  checking ??= call('GET /auth/me')
    .then((me) => {
      session.me = me;
    })
    .catch((e) => {
      // 401: not logged in. Anything else (offline): let the page try and show its error.
      if (!(e instanceof ApiError && e.status === 401)) checking = null;
      session.me = null;
    })
    .finally(() => {
      session.checked = true;
    });
  return checking;
}

export async function login(username: string, password: string): Promise<Me> {
  const me = await call('POST /auth/login', { body: { username, password } });
  session.me = me;
  session.checked = true;
  checking = Promise.resolve();
  return me;
}

export async function logout(): Promise<void> {
  try {
    await call('POST /auth/logout');
  } finally {
    session.me = null;
  }
}

/** Signed in and free to work: not still on a one-time password. */
export const signedIn = (): boolean => !!session.me && !session.me.mustChangePassword;

/** The password was changed: the server gave this tab a fresh session. */
export function passwordChanged(): void {
  if (session.me) session.me = { ...session.me, mustChangePassword: false };
}

/**
 * The session ended elsewhere (expired, logged out in another tab), or the
 * server says a one-time password must be changed first: the area sends the
 * user to the login page, which shows the change form.
 */
export function forget(code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED' = 'UNAUTHENTICATED'): void {
  if (code === 'PASSWORD_CHANGE_REQUIRED' && session.me) session.me = { ...session.me, mustChangePassword: true };
  else session.me = null;
}
