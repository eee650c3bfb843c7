// A random id kept on this phone, sent with each ballot so bursts from one
// device can be flagged. It identifies the browser, never the person.
import { readString, writeString, type KeyValueStore } from '../../../lib/storage';

const KEY = 'minping.deviceId';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function randomId(length = 26, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export function deviceId(store?: KeyValueStore | null, random?: (bytes: Uint8Array) => Uint8Array): string {
  const saved = readString(KEY, store);
  if (saved && /^[a-z2-7]{8,100}$/.test(saved)) return saved;
  const id = randomId(26, random);
  writeString(KEY, id, store);
  return id;
}
