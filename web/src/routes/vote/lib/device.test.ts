import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../lib/storage';
import { deviceId, randomId } from './device';

describe('device id', () => {
  it('is random, long enough for the contract, and kept', () => {
    const store = memoryStore();
    const id = deviceId(store);
    expect(id).toMatch(/^[a-z2-7]{26}$/);
    expect(deviceId(store)).toBe(id);
    expect(deviceId(memoryStore())).not.toBe(id);
  });

  it('replaces a stored value that does not look like one', () => {
    const store = memoryStore();
    store.setItem('minping.deviceId', 'x');
    expect(deviceId(store)).toMatch(/^[a-z2-7]{26}$/);
    expect(randomId(8, (b) => b.fill(0))).toBe('aaaaaaaa');
  });
});
