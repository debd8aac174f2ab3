import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface SenderFacts {
  createdAt: string;
  limited: boolean;
  staff: boolean;
  /** The recipient follows the sender. */
  following: boolean;
  /** Since when the sender follows the recipient, or null. */
  followerSince: string | null;
  /** The recipient accepted a request from the sender. */
  permitted: boolean;
  statusVisibility: string | null;
  statusRepliesTo: string | null;
}

/** What the notification policy asks about a sender, in one statement; undefined when the sender is gone. */
export async function senderFacts(db: Db, accountId: string, fromAccountId: string, statusId: string | null): Promise<SenderFacts | undefined> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('users as u', 'u.account_id', 'a.id')
    .select((eb) => [
      'a.created_at',
      'a.limited_at',
      'u.role',
      eb.selectFrom('follows').select('id').where('account_id', '=', accountId).where('target_account_id', '=', fromAccountId).limit(1).as('following_id'),
      eb
        .selectFrom('follows')
        .select('created_at')
        .where('account_id', '=', fromAccountId)
        .where('target_account_id', '=', accountId)
        .limit(1)
        .as('follower_since'),
      eb
        .selectFrom('notification_permissions')
        .select('created_at')
        .where('account_id', '=', accountId)
        .where('from_account_id', '=', fromAccountId)
        .limit(1)
        .as('permitted_at'),
      eb
        .selectFrom('statuses')
        .select('visibility')
        .where('id', '=', statusId ?? '0')
        .limit(1)
        .as('visibility'),
      eb
        .selectFrom('statuses')
        .select('in_reply_to_account_id')
        .where('id', '=', statusId ?? '0')
        .limit(1)
        .as('replies_to'),
    ])
    .where('a.id', '=', fromAccountId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    createdAt: row.created_at,
    limited: row.limited_at !== null,
    staff: row.role === 'admin' || row.role === 'moderator',
    following: row.following_id !== null,
    followerSince: row.follower_since ?? null,
    permitted: row.permitted_at !== null,
    statusVisibility: row.visibility ?? null,
    statusRepliesTo: row.replies_to ?? null,
  };
}

/** Files a notification under the request from its sender (created on the first one). */
export async function upsertRequest(db: Db, r: { id: string; accountId: string; fromAccountId: string; statusId: string | null; now: string }): Promise<void> {
  await db
    .insertInto('notification_requests')
    .values({ id: r.id, account_id: r.accountId, from_account_id: r.fromAccountId, last_status_id: r.statusId, created_at: r.now, updated_at: r.now })
    .onConflict((oc) =>
      oc.columns(['account_id', 'from_account_id']).doUpdateSet((eb) => ({
        updated_at: r.now,
        last_status_id: r.statusId ?? eb.ref('notification_requests.last_status_id'),
      })),
    )
    .execute();
}

export interface RequestRow {
  id: string;
  account_id: string;
  from_account_id: string;
  last_status_id: string | null;
  created_at: string;
  updated_at: string;
  notifications_count: number;
}

// A request counts the filtered notifications of its sender that are still there.
function requestsQuery(db: Db, accountId: string) {
  return db
    .selectFrom('notification_requests as r')
    .select(['r.id', 'r.account_id', 'r.from_account_id', 'r.last_status_id', 'r.created_at', 'r.updated_at'])
    .select((eb) =>
      eb
        .selectFrom('notifications as n')
        .select((x) => x.fn.countAll<number>().as('c'))
        .where('n.account_id', '=', accountId)
        .whereRef('n.from_account_id', '=', 'r.from_account_id')
        .where('n.filtered', '=', 1)
        .as('notifications_count'),
    )
    .where('r.account_id', '=', accountId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.id', '=', 'r.from_account_id').where('a.suspended_at', 'is not', null))),
    );
}

export async function listRequests(
  db: Db,
  accountId: string,
  page: { max_id?: string; since_id?: string; min_id?: string; limit: number },
): Promise<RequestRow[]> {
  let q = requestsQuery(db, accountId);
  if (page.max_id) q = q.where('r.id', '<', page.max_id);
  if (page.since_id) q = q.where('r.id', '>', page.since_id);
  if (page.min_id) q = q.where('r.id', '>', page.min_id);
  const rows = await q
    .orderBy('r.id', page.min_id ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
  const out = rows.map((r) => ({ ...r, notifications_count: Number(r.notifications_count ?? 0) }));
  return page.min_id ? out.reverse() : out;
}

export async function findRequests(db: Db, accountId: string, ids: string[]): Promise<RequestRow[]> {
  if (ids.length === 0) return [];
  const rows = await requestsQuery(db, accountId).where('r.id', 'in', ids).execute();
  return rows.map((r) => ({ ...r, notifications_count: Number(r.notifications_count ?? 0) }));
}

export async function countPending(db: Db, accountId: string): Promise<{ requests: number; notifications: number }> {
  const row = await db
    .selectFrom('notifications as n')
    .select((eb) => [eb.fn.countAll<number>().as('notifications'), eb.fn.count<number>('n.from_account_id').distinct().as('requests')])
    .where('n.account_id', '=', accountId)
    .where('n.filtered', '=', 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('notification_requests as r')
          .select('r.id')
          .where('r.account_id', '=', accountId)
          .whereRef('r.from_account_id', '=', 'n.from_account_id'),
      ),
    )
    .executeTakeFirst();
  return { requests: Number(row?.requests ?? 0), notifications: Number(row?.notifications ?? 0) };
}

/** Accepting: the sender's filtered notifications join the list, and later ones pass the policy. */
export async function acceptRequests(db: Db, accountId: string, fromAccountIds: string[], now: string): Promise<void> {
  if (fromAccountIds.length === 0) return;
  await db
    .insertInto('notification_permissions')
    .values(fromAccountIds.map((f) => ({ account_id: accountId, from_account_id: f, created_at: now })))
    .onConflict((oc) => oc.columns(['account_id', 'from_account_id']).doNothing())
    .execute();
  await db
    .updateTable('notifications')
    .set({ filtered: 0 })
    .where('account_id', '=', accountId)
    .where('from_account_id', 'in', fromAccountIds)
    .where('filtered', '=', 1)
    .execute();
  await db.deleteFrom('notification_requests').where('account_id', '=', accountId).where('from_account_id', 'in', fromAccountIds).execute();
}

/** Dismissing: the request and the notifications filed under it go. */
export async function dismissRequests(db: Db, accountId: string, fromAccountIds: string[]): Promise<void> {
  if (fromAccountIds.length === 0) return;
  await db.deleteFrom('notifications').where('account_id', '=', accountId).where('from_account_id', 'in', fromAccountIds).where('filtered', '=', 1).execute();
  await db.deleteFrom('notification_requests').where('account_id', '=', accountId).where('from_account_id', 'in', fromAccountIds).execute();
}
