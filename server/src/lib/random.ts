// Random bytes drawn from a pool. crypto.randomBytes(20) costs ~6 µs a call
// on Node 24 (each call enters OpenSSL's generator); a ballot takes two
// (receipt, seal's IV), a batch of codes one per code. Filled 4 KiB at a time
// from the same generator, a draw costs ~0.2 µs. Every byte is handed out
// once, as a copy: what one caller keeps is never another's.
import crypto from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function randomBytes(n: number): Buffer {
  if (n > POOL_BYTES / 4) return crypto.randomBytes(n);
  if (offset + n > POOL_BYTES) {
    crypto.randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  offset += n;
  return out;
}
