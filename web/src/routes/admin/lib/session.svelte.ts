// Who is logged in, asked once per visit (GET /auth/me); the session itself is
// an httpOnly cookie the page never sees.
import type { Me } from '@minping/shared/contracts/auth';
import { ApiError } from '../../../lib/api';
import { api } from './http';

export const session = $state<{ me: Me | null; checked: boolean }>({ me: null, checked: false });

let checking: Promise<void> | null = null;

export function checkSession(): Promise<void> {
  checking ??= api
    .get<Me>('/auth/me')
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
  const me = await api.post<Me>('/auth/login', { username, password });
  session.me = me;
  session.checked = true;
  checking = Promise.resolve();
  return me;
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } finally {
    session.me = null;
  }
}

/** The session ended elsewhere (expired, logged out in another tab). */
export function forget(): void {
  session.me = null;
}
