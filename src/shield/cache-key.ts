// Which anonymous GETs the micro-cache may answer, and the query parameters each one honours.
// Any other parameter is dropped from the key, so `?x=<random>` floods all land on one entry.

const PAGING = ['max_id', 'since_id', 'min_id', 'limit'];

const CACHEABLE: Array<{ pattern: RegExp; params: string[] }> = [
  { pattern: /^\/api\/v1\/timelines\/public$/, params: ['local', 'remote', 'only_media', ...PAGING] },
  { pattern: /^\/api\/v1\/timelines\/tag\/[^/]+$/, params: ['local', 'remote', 'only_media', 'any[]', 'all[]', 'none[]', ...PAGING] },
  { pattern: /^\/api\/v1\/accounts\/lookup$/, params: ['acct'] },
  { pattern: /^\/api\/v1\/accounts\/[^/]+$/, params: [] },
  { pattern: /^\/api\/v1\/accounts\/[^/]+\/statuses$/, params: ['only_media', 'exclude_replies', 'exclude_reblogs', 'pinned', 'tagged', ...PAGING] },
  { pattern: /^\/api\/v1\/statuses\/[^/]+(\/context)?$/, params: [] },
  { pattern: /^\/api\/v[12]\/instance(\/[a-z_]+)?$/, params: [] },
  { pattern: /^\/api\/v1\/custom_emojis$/, params: [] },
  { pattern: /^\/api\/v1\/trends(\/[a-z]+)?$/, params: ['limit', 'offset'] },
  { pattern: /^\/nodeinfo\/2\.[01](\.json)?$/, params: [] },
  { pattern: /^\/\.well-known\/nodeinfo$/, params: [] },
  { pattern: /^\/@[^/]+(\/[^/]+)?$/, params: ['max_id', 'min_id', 'page'] },
  { pattern: /^\/(public|explore|about)(\/local)?$/, params: ['max_id', 'min_id', 'page'] },
  { pattern: /^\/tags\/[^/]+$/, params: ['max_id', 'min_id', 'page'] },
  { pattern: /^\/users\/[^/]+$/, params: [] },
  { pattern: /^\/$/, params: [] },
];

/**
 * The cache key for an anonymous GET, or null when the route is not cached. The representation (HTML or
 * JSON) is part of the key because the same path may answer both.
 */
export function cacheKey(path: string, search: URLSearchParams, accept: string | undefined): string | null {
  const route = CACHEABLE.find((r) => r.pattern.test(path));
  if (!route) return null;
  const kept: string[] = [];
  for (const name of route.params) {
    for (const v of search.getAll(name)) kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(v)}`);
  }
  kept.sort();
  const format = accept?.includes('text/html') ? 'html' : accept?.includes('activity+json') || accept?.includes('ld+json') ? 'ap' : 'json';
  return `${format} ${path}${kept.length ? `?${kept.join('&')}` : ''}`;
}
