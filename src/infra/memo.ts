/** A Map that keeps at most `capacity` entries, the least recently used leaving first. */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}

/**
 * Promises kept per key for a while: callers within `ttlMs` share one build, and a failed build is not kept.
 * For answers that are dear to make and may be a little old (instance documents and counts).
 */
export class TimedMemo {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  get<T>(key: string, ttlMs: number, build: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = build();
    const entry = { at: Date.now(), value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** Keeps `value` under `key` from now, for as long as the `ttlMs` the next `get` asks. */
  set<T>(key: string, value: T): void {
    this.entries.set(key, { at: Date.now(), value: Promise.resolve(value) });
  }

  clear(): void {
    this.entries.clear();
  }
}
