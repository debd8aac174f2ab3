// A few seconds of memory for anonymous pages: one rebuild at a time per key, stale served meanwhile.

export interface CachedResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array<ArrayBuffer>;
  storedAt: number;
  freshUntil: number;
  staleUntil: number;
}

export type CacheLookup = { state: 'fresh' | 'stale'; entry: CachedResponse } | { state: 'miss' };

export interface MicroCache {
  lookup(key: string, now?: number): CacheLookup;
  /**
   * Runs `build` unless a build for this key is already running, in which case it waits for that one
   * (request coalescing). Resolves with the built response, or null when the result was not cacheable.
   */
  fill(key: string, build: () => Promise<CachedResponse | null>): Promise<CachedResponse | null>;
  /** True while a rebuild of this key is running. */
  building(key: string): boolean;
  clear(): void;
  readonly size: number;
}

export function createMicroCache(maxEntries: number): MicroCache {
  // Map keeps insertion order: re-inserting on store makes the first key the least recently stored.
  const entries = new Map<string, CachedResponse>();
  const inflight = new Map<string, Promise<CachedResponse | null>>();
  return {
    lookup(key, now = Date.now()) {
      const entry = entries.get(key);
      if (!entry) return { state: 'miss' };
      if (now < entry.freshUntil) return { state: 'fresh', entry };
      if (now < entry.staleUntil) return { state: 'stale', entry };
      entries.delete(key);
      return { state: 'miss' };
    },
    fill(key, build) {
      const running = inflight.get(key);
      if (running) return running;
      const p = build()
        .then((res) => {
          if (res) {
            entries.delete(key);
            entries.set(key, res);
            while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
          }
          return res;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
    building: (key) => inflight.has(key),
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}

const UNCACHEABLE_HEADERS = new Set(['set-cookie', 'date', 'x-request-id', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']);

/** Turns a response into a cache entry, or null when it must not be shared (not 200, private, sets a cookie). */
export async function toCacheEntry(res: Response, freshMs: number, staleMs: number, now = Date.now()): Promise<CachedResponse | null> {
  if (res.status !== 200 || res.headers.has('set-cookie')) return null;
  const cc = res.headers.get('cache-control') ?? '';
  if (/private|no-store/i.test(cc)) return null;
  const body = new Uint8Array(await res.arrayBuffer());
  const headers: Array<[string, string]> = [];
  res.headers.forEach((v, k) => {
    if (!UNCACHEABLE_HEADERS.has(k)) headers.push([k, v]);
  });
  return { status: res.status, headers, body, storedAt: now, freshUntil: now + freshMs, staleUntil: now + freshMs + staleMs };
}

export function fromCacheEntry(entry: CachedResponse, state: string, now = Date.now()): Response {
  const headers = new Headers(entry.headers);
  headers.set('x-tribune-cache', state);
  headers.set('age', String(Math.max(0, Math.floor((now - entry.storedAt) / 1000))));
  return new Response(entry.body, { status: entry.status, headers });
}
