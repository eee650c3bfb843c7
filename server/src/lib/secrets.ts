// Keyed hashes and sealing under the one APP_SECRET. Separate sub-keys per use
// so a hash of a code can never be confused with a hash of an address.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from './random.js';

export interface Secrets {
  hashCode(normalizedCode: string): Buffer;
  hashReceipt(normalizedReceipt: string): Buffer;
  hashAddress(campaignId: number, address: string): Buffer;
  hashDevice(campaignId: number, deviceId: string): Buffer;
  hashToken(token: string): Buffer;
  hashIdempotencyKey(codeHash: Buffer, key: string): Buffer;
  /** Login throttling key: keyed, so the names people tried (a password typed into the username box) are not kept. */
  hashThrottleKey(key: string): Buffer;
  seal(plain: string): Buffer;
  unseal(sealed: Buffer): string;
  /**
   * Salt of a comment's key (commentKeySql): a comment, its task and its
   * follow-up contact are named by a keyed hash of the ballot id, which no one
   * without the secret can turn back into the ballot (and its ratings).
   */
  commentSalt: string;
}

/** APP_SECRET if set; otherwise one kept beside the embedded database. */
export function resolveSecret(appSecret: string | undefined, dataDir: string): string {
  if (appSecret) return appSecret;
  const file = path.resolve(dataDir, 'secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fresh = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, fresh + '\n', { mode: 0o600 });
  return fresh;
}

export function createSecrets(secret: string): Secrets {
  const sub = (purpose: string) => crypto.createHmac('sha256', secret).update(`minping:${purpose}`).digest();
  // Each sub-key made a KeyObject once: handed a Buffer, every createHmac and
  // createCipheriv would import the key again (on Node 24, through errors it
  // throws and catches inside), 5× the cost of the hash itself, on every ballot.
  // Same key material, so the same hashes and seals as before.
  const key = (purpose: string) => crypto.createSecretKey(sub(purpose));
  const codeKey = key('code');
  const receiptKey = key('receipt');
  const addressKey = key('address');
  const deviceKey = key('device');
  const sealKey = key('seal');
  const idempotencyKey = key('idempotency');
  const throttleKey = key('throttle');
  const commentSalt = sub('comment').toString('hex');
  const hmac = (k: crypto.KeyObject, value: string) => crypto.createHmac('sha256', k).update(value).digest();
  return {
    // 16 bytes is plenty for a unique index and halves its size.
    hashCode: (c) => hmac(codeKey, c).subarray(0, 16),
    hashReceipt: (r) => hmac(receiptKey, r).subarray(0, 16),
    hashAddress: (campaignId, a) => hmac(addressKey, `${campaignId}:${a}`).subarray(0, 16),
    hashDevice: (campaignId, d) => hmac(deviceKey, `${campaignId}:${d}`).subarray(0, 16),
    commentSalt,
    hashToken: (t) => crypto.createHash('sha256').update(t).digest(),
    hashThrottleKey: (k) => hmac(throttleKey, k).subarray(0, 16),
    hashIdempotencyKey: (codeHash, k) => hmac(idempotencyKey, `${codeHash.toString('hex')}:${k}`).subarray(0, 16),
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    unseal(sealed) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
