import type { AppContext } from '../../context.js';
import type { Page } from '../../db/pagination.js';
import { fetchPage } from '../../db/pagination.js';
import { NotFoundError } from '../../errors.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { isFollowing } from '../statuses/statuses.store.js';
import { normalizeTag } from '../text/tokenize.js';
import { homeFeedQuery } from './feed.store.js';
import {
  accountStatusesQuery,
  blockedEitherWay,
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

export async function homeTimeline(ctx: AppContext, viewerId: string, p: Page): Promise<TimelinePage> {
  const rows = await fetchPage(homeFeedQuery(ctx.db, viewerId), 'fe.status_id', p);
  return { statusIds: rows.map((r) => r.status_id), pageIds: rows.map((r) => r.status_id) };
}

export async function publicTimeline(ctx: AppContext, viewerId: string | null, opts: { onlyMedia: boolean; remote: boolean }, p: Page): Promise<TimelinePage> {
  // Every account is local: the federated-only view is empty.
  if (opts.remote) return { statusIds: [], pageIds: [] };
  let q = publicStatusesQuery(ctx.db);
  if (opts.onlyMedia) q = withMedia(q);
  if (viewerId) q = hideSilencedAuthors(q, viewerId);
  return page(await fetchPage(q, 's.id', p));
}

export interface TagFilter {
  tag: string;
  any?: string[];
  all?: string[];
  none?: string[];
  onlyMedia: boolean;
}

/** Public posts with the hashtag (or any of `any`), all of `all`, none of `none`. */
export async function tagTimeline(ctx: AppContext, viewerId: string | null, f: TagFilter, p: Page): Promise<TimelinePage> {
  const anyNames = [f.tag, ...(f.any ?? [])].map(normalizeTag);
  const allNames = (f.all ?? []).map(normalizeTag);
  const noneNames = (f.none ?? []).map(normalizeTag);
  const ids = await tagIdsByNames(ctx.db, [...anyNames, ...allNames, ...noneNames]);
  const anyIds = anyNames.flatMap((n) => (ids.has(n) ? [ids.get(n)!] : []));
  if (anyIds.length === 0 || allNames.some((n) => !ids.has(n))) return { statusIds: [], pageIds: [] };
  let q = taggedPublicStatusesQuery(ctx.db, anyIds);
  for (const n of allNames) q = hasAnyTag(q, [ids.get(n)!]);
  const noneIds = noneNames.flatMap((n) => (ids.has(n) ? [ids.get(n)!] : []));
  if (noneIds.length) q = hasNoTag(q, noneIds);
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

export async function accountTimeline(ctx: AppContext, viewerId: string | null, accountId: string, f: AccountStatusesFilter, p: Page): Promise<TimelinePage> {
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

export async function markedTimeline(ctx: AppContext, viewerId: string, table: 'favourites' | 'bookmarks', p: Page): Promise<TimelinePage> {
  return page(await fetchPage(markedQuery(ctx.db, table, viewerId), 'mk.id', p));
}
