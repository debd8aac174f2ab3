import type { AppContext } from '../context.js';
import { versionsOf } from '../infra/versions.js';
import type { CachedBody } from './cached-body.js';

/**
 * Rendered pages of one person's home timeline (the JSON body and its Link header), kept in memory and served again
 * while nothing they were rendered from has changed: not the posts on the page (counters, edits, moderation state,
 * deletion), not their authors, not the reader's home (new entries, follows, blocks, mutes, marks). See
 * src/infra/versions.ts for how writers say what changed. A minute-long ceiling bounds what no writer announces
 * (a timed mute running out).
 */
export interface CachedPage {
  body: CachedBody;
  link: string | undefined;
}

interface Entry extends CachedPage {
  stamp: number;
  at: number;
  deps: { home: string; statuses: string[]; accounts: string[] };
  bytes: number;
}

const MAX_AGE_MS = 60_000;

class PageCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  get(key: string, isStale: (e: Entry) => boolean): CachedPage | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > MAX_AGE_MS || isStale(e)) {
      this.drop(key, e);
      return undefined;
    }
    // Least recently used leaves first: move the hit to the back.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, e: Omit<Entry, 'bytes'>): void {
    // The gzipped copy, made on first demand, is about a fifth of the page.
    const bytes = 1.2 * e.body.bytes.byteLength + 64 * (e.deps.statuses.length + e.deps.accounts.length) + 256;
    if (bytes > this.budget / 8) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    for (const [k, v] of this.entries) {
      if (this.bytes + bytes <= this.budget) break;
      this.drop(k, v);
    }
    this.entries.set(key, { ...e, bytes });
    this.bytes += bytes;
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }
}

const caches = new WeakMap<AppContext, PageCache | null>();

function cacheOf(ctx: AppContext): PageCache | null {
  let cache = caches.get(ctx);
  if (cache === undefined) {
    cache = ctx.config.homeCacheBytes > 0 ? new PageCache(ctx.config.homeCacheBytes) : null;
    caches.set(ctx, cache);
  }
  return cache;
}

/**
 * The page for `key` (the reader and the query string): from the cache when still fresh, else rendered by `render`,
 * which reports what the page was made from.
 */
export async function cachedPage(
  ctx: AppContext,
  key: string,
  home: string,
  render: () => Promise<CachedPage & { statuses: Iterable<string>; accounts: Iterable<string> }>,
): Promise<CachedPage> {
  const cache = cacheOf(ctx);
  if (!cache) return render();
  const versions = versionsOf(ctx);
  const hit = cache.get(key, (e) => versions.changedSince(e.stamp, e.deps));
  if (hit) return hit;
  // The clock is read before the page's data: a change committed while rendering makes the entry stale at once.
  const stamp = versions.now();
  const page = await render();
  const deps: Entry['deps'] = { home, statuses: [...page.statuses], accounts: [...page.accounts] };
  cache.set(key, { body: page.body, link: page.link, stamp, at: Date.now(), deps });
  return { body: page.body, link: page.link };
}
