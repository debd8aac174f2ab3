import type { Page } from '../../db/pagination.js';
import { fetchPage } from '../../db/pagination.js';
import { NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { isFollowing } from '../statuses/statuses.store.js';
import { normalizeTag } from '../text/tokenize.js';
import { followedOnRead, homeFeedQuery, mergedFeedQuery } from './feed.store.js';
import {
  accountStatusesQuery,
  blockedEitherWay,
  fromOrigin,
  hasAnyTag,
  hasNoTag,
  hideSilencedAuthors,
  markedQuery,
  onlyMedia,
  pinnedStatusIds,
  publicStatusesQuery,
  taggedPublicStatusesQuery,
  tagIdsByNames,
  withMedia,
} from './timelines.store.js';

/** A page of a timeline: the status ids to show, and the keys for the Link header (newest first). */
export interface TimelinePage {
  statusIds: string[];
  pageIds: string[];
}

const page = (rows: Array<{ page_id: string; status_id?: string }>): TimelinePage => ({
  statusIds: rows.map((r) => r.status_id ?? r.page_id),
  pageIds: rows.map((r) => r.page_id),
});

/**
 * A page of a home: what fan-out wrote into it, merged with the posts of followed accounts fanned out on read
 * (feed.store.ts followedOnRead). Each side gives its own page for the same bounds, so the page of the union lies
 * within them; a post that came both ways shows once. `merged` names those accounts: a post of theirs changes
 * the page without touching the home.
 */
export async function homeTimeline(ctx: Pick<Infra, 'db' | 'readDb'>, viewerId: string, p: Page): Promise<TimelinePage & { merged: string[] }> {
  const merged = await followedOnRead(ctx.db, viewerId);
  const written = await fetchPage(homeFeedQuery(ctx.db, viewerId), 'fe.status_id', p);
  let ids = written.map((r) => r.status_id);
  if (merged.length > 0) {
    const read = await fetchPage(mergedFeedQuery(ctx.db, viewerId, merged), 's.id', p);
    // Newest first; with min_id the page is the oldest `limit` after it, so the last ones.
    const all = [...new Set([...ids, ...read.map((r) => r.status_id)])].sort(newestFirst);
    ids = p.min_id ? all.slice(Math.max(0, all.length - p.limit)) : all.slice(0, p.limit);
  }
  return { statusIds: ids, pageIds: ids, merged };
}

/** Snowflake ids as strings: longer is newer, then by text. */
function newestFirst(a: string, b: string): number {
  return a.length !== b.length ? b.length - a.length : a < b ? 1 : a > b ? -1 : 0;
}

export async function publicTimeline(
  ctx: Pick<Infra, 'db' | 'readDb'>,
  viewerId: string | null,
  opts: { onlyMedia: boolean; local: boolean; remote: boolean },
  p: Page,
): Promise<TimelinePage> {
  let q = publicStatusesQuery(ctx.readDb);
  const origin = originOf(opts);
  if (origin) q = fromOrigin(q, origin);
  if (opts.onlyMedia) q = withMedia(q);
  if (viewerId) q = hideSilencedAuthors(q, viewerId);
  return page(await fetchPage(q, 's.id', p));
}

/**
 * Mastodon's `local` and `remote`: one alone narrows to that origin, both (or neither) leave every post.
 * https://docs.joinmastodon.org/methods/timelines/#public
 */
export function originOf(o: { local?: boolean; remote?: boolean }): 'local' | 'remote' | null {
  if (o.local && !o.remote) return 'local';
  if (o.remote && !o.local) return 'remote';
  return null;
}

export interface TagFilter {
  tag: string;
  local?: boolean;
  remote?: boolean;
  any?: string[];
  all?: string[];
  none?: string[];
  onlyMedia: boolean;
}

/** Public posts with the hashtag (or any of `any`), all of `all`, none of `none`. */
export async function tagTimeline(ctx: Pick<Infra, 'db' | 'readDb'>, viewerId: string | null, f: TagFilter, p: Page): Promise<TimelinePage> {
  const anyNames = [f.tag, ...(f.any ?? [])].map(normalizeTag);
  const allNames = (f.all ?? []).map(normalizeTag);
  const noneNames = (f.none ?? []).map(normalizeTag);
  const ids = await tagIdsByNames(ctx.readDb, [...anyNames, ...allNames, ...noneNames]);
  const anyIds = anyNames.flatMap((n) => (ids.has(n) ? [ids.get(n)!] : []));
  if (anyIds.length === 0 || allNames.some((n) => !ids.has(n))) return { statusIds: [], pageIds: [] };
  let q = taggedPublicStatusesQuery(ctx.readDb, anyIds);
  for (const n of allNames) q = hasAnyTag(q, [ids.get(n)!]);
  const noneIds = noneNames.flatMap((n) => (ids.has(n) ? [ids.get(n)!] : []));
  if (noneIds.length) q = hasNoTag(q, noneIds);
  const origin = originOf(f);
  if (origin) q = fromOrigin(q, origin);
  if (f.onlyMedia) q = withMedia(q);
  if (viewerId) q = hideSilencedAuthors(q, viewerId);
  return page(await fetchPage(q, 'st.status_id', p));
}

export interface AccountStatusesFilter {
  pinned: boolean;
  excludeReplies: boolean;
  excludeReblogs: boolean;
  onlyMedia: boolean;
  tagged?: string;
}

export async function accountTimeline(
  ctx: Pick<Infra, 'db' | 'readDb'>,
  viewerId: string | null,
  accountId: string,
  f: AccountStatusesFilter,
  p: Page,
): Promise<TimelinePage> {
  const account = await findAccountById(ctx.db, accountId);
  if (!account) throw new NotFoundError();
  const empty = { statusIds: [], pageIds: [] };
  if (account.suspended_at) return empty;
  if (viewerId && viewerId !== accountId && (await blockedEitherWay(ctx.db, viewerId, accountId))) return empty;
  if (f.pinned) {
    // At most five pins: no pagination beyond the first page.
    if (p.max_id || p.min_id || p.since_id) return empty;
    const ids = await pinnedStatusIds(ctx.db, accountId);
    return { statusIds: ids, pageIds: [] };
  }
  let tagId: string | undefined;
  if (f.tagged) {
    tagId = (await tagIdsByNames(ctx.db, [normalizeTag(f.tagged)])).get(normalizeTag(f.tagged));
    if (!tagId) return empty;
  }
  const isFollower = !!viewerId && viewerId !== accountId && (await isFollowing(ctx.db, viewerId, accountId));
  let q = accountStatusesQuery(ctx.db, accountId, { viewerId, isFollower, excludeReplies: f.excludeReplies, excludeReblogs: f.excludeReblogs, tagId });
  if (f.onlyMedia) q = onlyMedia(q);
  return page(await fetchPage(q, 's.id', p));
}

export async function markedTimeline(ctx: Pick<Infra, 'db' | 'readDb'>, viewerId: string, table: 'favourites' | 'bookmarks', p: Page): Promise<TimelinePage> {
  return page(await fetchPage(markedQuery(ctx.db, table, viewerId), 'mk.id', p));
}
