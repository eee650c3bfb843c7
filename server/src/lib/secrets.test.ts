import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecrets } from './secrets.js';

// What every stored hash and seal was made with before the sub-keys became
// KeyObjects: a plain HMAC over a Buffer key. A change that moves a digest
// would orphan every code, receipt and seal already in a database.
const SECRET = 'a-test-secret-0123456789abcdefghijklmnop';
const subKey = (purpose: string) => crypto.createHmac('sha256', SECRET).update(`minping:${purpose}`).digest();
const plainHmac = (purpose: string, value: string) => crypto.createHmac('sha256', subKey(purpose)).update(value).digest();

describe('secrets', () => {
  const s = createSecrets(SECRET);

  it('hashes exactly as a plain HMAC under each sub-key does', () => {
    expect(s.hashCode('ABCD2345EFGH6')).toEqual(plainHmac('code', 'ABCD2345EFGH6').subarray(0, 16));
    expect(s.hashReceipt('RECEIPT1234')).toEqual(plainHmac('receipt', 'RECEIPT1234').subarray(0, 16));
    expect(s.hashAddress(7, '10.0.0.1')).toEqual(plainHmac('address', '7:10.0.0.1').subarray(0, 16));
    expect(s.hashDevice(7, 'dev')).toEqual(plainHmac('device', '7:dev').subarray(0, 16));
    expect(s.hashThrottleKey('user:admin')).toEqual(plainHmac('throttle', 'user:admin').subarray(0, 16));
    const codeHash = s.hashCode('ABCD2345EFGH6');
    expect(s.hashIdempotencyKey(codeHash, 'k')).toEqual(plainHmac('idempotency', `${codeHash.toString('hex')}:k`).subarray(0, 16));
    expect(s.commentSalt).toBe(subKey('comment').toString('hex'));
  });

  it('opens what was sealed with the plain key, and seals what the plain key opens', () => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', subKey('seal'), iv);
    const body = Buffer.concat([cipher.update('13800138000', 'utf8'), cipher.final()]);
    expect(s.unseal(Buffer.concat([iv, cipher.getAuthTag(), body]))).toBe('13800138000');

    const sealed = s.seal('电话 13900139000');
    const decipher = crypto.createDecipheriv('aes-256-gcm', subKey('seal'), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    expect(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')).toBe('电话 13900139000');
  });
});
