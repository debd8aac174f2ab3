import { fetchPage, type Page } from '../../db/pagination.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changed } from '../../infra/versions.js';
import { findAccountById, findAccountsByIds } from '../accounts/accounts.store.js';
import { nowIso } from '../time.js';
import type { TimelinePage } from '../timelines/timelines.service.js';
import {
  deleteList,
  deleteMembers,
  findList,
  followedAmong,
  insertList,
  insertMembers,
  type ListRow,
  listStatusesQuery,
  listsOf,
  listsOfWithMember,
  membersQuery,
  type RepliesPolicy,
  updateList as storeUpdateList,
} from './lists.store.js';

export type ListsDeps = Pick<Infra, 'db' | 'ids'> & ChangeDeps;

// Mastodon's lists: https://docs.joinmastodon.org/methods/lists/ . Members are accounts the owner follows.
// An exclusive list (Mastodon 4.2) keeps its members' posts out of the owner's home, filtered at read time
// (feed.store.ts homeFeedQuery): so any change to it changes the owner's home.

export type { ListRow, RepliesPolicy };

export interface ListInput {
  title?: string;
  repliesPolicy?: RepliesPolicy;
  exclusive?: boolean;
}

/** The viewer's own list; anyone else's is "not found", as in Mastodon. */
export async function ownList(ctx: ListsDeps, viewerId: string, listId: string): Promise<ListRow> {
  const list = await findList(ctx.db, listId);
  if (!list || list.account_id !== viewerId) throw new NotFoundError();
  return list;
}

export function viewerLists(ctx: ListsDeps, viewerId: string): Promise<ListRow[]> {
  return listsOf(ctx.db, viewerId);
}

export async function createList(ctx: ListsDeps, viewerId: string, input: ListInput): Promise<ListRow> {
  const title = input.title?.trim() ?? '';
  if (title === '') throw new ValidationError("Validation failed: Title can't be blank", 'title');
  const row: ListRow = {
    id: ctx.ids.next(),
    account_id: viewerId,
    title,
    replies_policy: input.repliesPolicy ?? 'list',
    exclusive: input.exclusive ? 1 : 0,
    created_at: nowIso(),
  };
  await insertList(ctx.db, row);
  return row;
}

export async function updateList(ctx: ListsDeps, viewerId: string, listId: string, input: ListInput): Promise<ListRow> {
  const list = await ownList(ctx, viewerId, listId);
  const set: Partial<Pick<ListRow, 'title' | 'replies_policy' | 'exclusive'>> = {};
  if (input.title !== undefined) {
    const title = input.title.trim();
    if (title === '') throw new ValidationError("Validation failed: Title can't be blank", 'title');
    set.title = title;
  }
  if (input.repliesPolicy !== undefined) set.replies_policy = input.repliesPolicy;
  if (input.exclusive !== undefined) set.exclusive = input.exclusive ? 1 : 0;
  await storeUpdateList(ctx.db, listId, set);
  if (set.exclusive !== undefined && set.exclusive !== list.exclusive) await changed(ctx, { homes: [viewerId] });
  return { ...list, ...set };
}

export async function removeList(ctx: ListsDeps, viewerId: string, listId: string): Promise<void> {
  const list = await ownList(ctx, viewerId, listId);
  await ctx.db.transaction().execute((trx) => deleteList(trx, listId));
  if (list.exclusive) await changed(ctx, { homes: [viewerId] });
}

/** A page of members (account ids and their pagination keys); `limit` 0 means all, as in Mastodon. */
export async function listMembers(ctx: ListsDeps, viewerId: string, listId: string, page: Page): Promise<Array<{ key: string; account_id: string }>> {
  await ownList(ctx, viewerId, listId);
  if (page.limit === 0) return membersQuery(ctx.db, listId).orderBy('la.id', 'desc').execute();
  return fetchPage(membersQuery(ctx.db, listId), 'la.id', page);
}

/** Adds accounts: each must exist (404) and be followed by the owner (422, as Mastodon); already there is fine. */
export async function addMembers(ctx: ListsDeps, viewerId: string, listId: string, accountIds: string[]): Promise<void> {
  const list = await ownList(ctx, viewerId, listId);
  const ids = [...new Set(accountIds)];
  const found = await findAccountsByIds(ctx.db, ids);
  if (found.length !== ids.length || found.some((a) => a.suspended_at)) throw new NotFoundError();
  const followed = await followedAmong(ctx.db, viewerId, ids);
  if (ids.some((id) => !followed.has(id))) throw new ValidationError('Validation failed: account_ids must only name accounts you follow', 'account_ids');
  const now = nowIso();
  await insertMembers(
    ctx.db,
    ids.map((id) => ({ id: ctx.ids.next(), list_id: listId, account_id: id, created_at: now })),
  );
  if (list.exclusive && ids.length > 0) await changed(ctx, { homes: [viewerId] });
}

export async function removeMembers(ctx: ListsDeps, viewerId: string, listId: string, accountIds: string[]): Promise<void> {
  const list = await ownList(ctx, viewerId, listId);
  const removed = await deleteMembers(ctx.db, listId, [...new Set(accountIds)]);
  if (list.exclusive && removed > 0) await changed(ctx, { homes: [viewerId] });
}

/** The viewer's lists holding this account (GET /api/v1/accounts/:id/lists). */
export async function listsWithAccount(ctx: ListsDeps, viewerId: string, accountId: string): Promise<ListRow[]> {
  const account = await findAccountById(ctx.db, accountId);
  if (!account) throw new NotFoundError();
  return listsOfWithMember(ctx.db, viewerId, accountId);
}

export async function listTimeline(ctx: ListsDeps, viewerId: string, listId: string, p: Page): Promise<TimelinePage> {
  const list = await ownList(ctx, viewerId, listId);
  const rows = await fetchPage(listStatusesQuery(ctx.db, list), 's.id', p);
  const ids = rows.map((r) => r.page_id);
  return { statusIds: ids, pageIds: ids };
}
