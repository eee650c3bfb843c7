// localStorage that never throws: WeChat's and Safari's private modes, a full
// quota or a disabled store must not break voting, only forgetting.
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function browserStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readJson<T>(key: string, store: KeyValueStore | null = browserStore()): T | null {
  try {
    const raw = store?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeJson(key: string, value: unknown, store: KeyValueStore | null = browserStore()): boolean {
  try {
    store?.setItem(key, JSON.stringify(value));
    return !!store;
  } catch {
    return false;
  }
}

export function readString(key: string, store: KeyValueStore | null = browserStore()): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeString(key: string, value: string, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.setItem(key, value);
  } catch {
    /* forgetting is acceptable */
  }
}

export function remove(key: string, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.removeItem(key);
  } catch {
    /* nothing to do */
  }
}

/** A Map-backed store for tests and for browsers without localStorage. */
export function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
  };
}
