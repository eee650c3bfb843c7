// Where the server finds the files it reads at run time (migrations, the web
// build), from source (tsx: server/src/paths.ts) and from the production
// bundle (node: server/dist/main.js) alike. Both sit one level below server/,
// so the checkout's root is two levels up from either: keep this file directly
// in server/src, and the bundle directly in server/dist (scripts/build-server.ts).
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
export const WEB_DIST = path.join(ROOT, 'web/dist');
