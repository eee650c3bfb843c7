import { describe, expect, it } from 'vitest';
import { memoryStore, readJson, writeJson } from './storage';

describe('storage', () => {
  it('round-trips JSON and reads garbage as nothing', () => {
    const store = memoryStore();
    expect(writeJson('k', { a: 1 }, store)).toBe(true);
    expect(readJson('k', store)).toEqual({ a: 1 });
    store.setItem('bad', '{not json');
    expect(readJson('bad', store)).toBeNull();
  });

  it('never throws when the browser refuses to store (private mode, full quota)', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(writeJson('k', 1, refusing)).toBe(false);
    expect(readJson('k', refusing)).toBeNull();
  });
});
