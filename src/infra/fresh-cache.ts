import type { Dependencies, Versions } from './versions.js';

interface Entry<V> {
  value: V;
  /** The clock time (Versions.now()) taken before the value's data was read. */
  stamp: number;
  at: number;
  deps: Dependencies;
  size: number;
}

/**
 * Values kept in memory while nothing they were made from has changed (as `versions` tells), for at most `maxAgeMs`,
 * least recently used leaving first once their sizes pass `budget`. Serves the home-page cache and the token cache.
 */
export class FreshCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private used = 0;

  constructor(
    private readonly versions: Versions,
    private readonly opts: { maxAgeMs: number; budget: number; sizeOf?: (value: V, deps: Dependencies) => number },
  ) {}

  /** Take it before reading what a value is made from: a change committed meanwhile makes the value stale at once. */
  stamp(): number {
    return this.versions.now();
  }

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > this.opts.maxAgeMs || this.versions.changedSince(e.stamp, e.deps)) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V, stamp: number, deps: Dependencies): void {
    const size = this.opts.sizeOf?.(value, deps) ?? 1;
    this.delete(key);
    if (size > this.opts.budget / 8) return;
    for (const [k] of this.entries) {
      if (this.used + size <= this.opts.budget) break;
      this.delete(k);
    }
    this.entries.set(key, { value, stamp, at: Date.now(), deps, size });
    this.used += size;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.used -= e.size;
  }
}
