// `npm run reset-admin-password [-- username]` (in the image: `node
// server/dist/main.js reset-admin-password`): a new one-time password for the
// admin, printed once, for whoever runs the server and has lost the admin's.
// It needs the database and the secret, not Redis; on the embedded database
// the server must be stopped first (the data directory's lock says so).
import type { Config } from './config.js';
import { openDatabase, runMigrations } from './infra/db.js';
import { createSecrets, resolveSecret } from './lib/secrets.js';
import { resetPasswordFromCommandLine } from './modules/users/users.service.js';

export async function resetAdminPassword(config: Config, username: string) {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  try {
    await runMigrations(database, { ownerUrl: config.migrationDatabaseUrl });
    const secrets = createSecrets(resolveSecret(config.appSecret, config.dataDir));
    const { password } = await resetPasswordFromCommandLine({ database, secrets }, username);
    console.log(`New one-time password for ${username}: ${password}\nSign in with it at ${config.publicUrl}/admin and choose your own; every session and API token of ${username} has ended.`);
  } finally {
    await database.close();
  }
}
