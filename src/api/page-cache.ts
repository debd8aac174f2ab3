import { FreshCache } from '../infra/fresh-cache.js';
import type { Dependencies, Versions } from '../infra/versions.js';
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

// What a page costs: its JSON, the gzipped copy made on first demand (about a fifth of it), and its dependencies.
const pageSize = (page: CachedPage, deps: Dependencies) =>
  1.2 * page.body.bytes.byteLength + 64 * ([...(deps.statuses ?? [])].length + [...(deps.accounts ?? [])].length) + 256;

/** The home-page cache, built once in the composition root; null when HOME_CACHE_MB is 0. */
export function createHomePageCache(versions: Versions, budgetBytes: number): FreshCache<CachedPage> | null {
  return budgetBytes > 0 ? new FreshCache<CachedPage>(versions, { maxAgeMs: 60_000, budget: budgetBytes, sizeOf: pageSize }) : null;
}

/**
 * The page for `key` (the reader and the query string): from the cache when still fresh, else rendered by `render`,
 * which reports what the page was made from.
 */
export async function cachedPage(
  ctx: { homePages: FreshCache<CachedPage> | null },
  key: string,
  home: string,
  render: () => Promise<CachedPage & { statuses: Iterable<string>; accounts: Iterable<string> }>,
): Promise<CachedPage> {
  const cache = ctx.homePages;
  if (!cache) return render();
  const hit = cache.get(key);
  if (hit) return hit;
  const stamp = cache.stamp();
  const page = await render();
  const value = { body: page.body, link: page.link };
  cache.set(key, value, stamp, { home, statuses: [...page.statuses], accounts: [...page.accounts] });
  return value;
}
