// Where the integration tests find PostgreSQL and Redis. Override with
// TEST_PG_URL (a server URL whose user may create databases) and TEST_REDIS_URL.
export const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function dbUrl(name: string, as?: { user: string; password: string }): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  if (as) {
    u.username = as.user;
    u.password = as.password;
  }
  return u.toString();
}
