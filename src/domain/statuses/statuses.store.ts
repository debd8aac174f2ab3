import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { lockRow } from '../../db/row-lock.js';
import type { DB, StatusesTable } from '../../db/schema.js';

export type StatusRow = Selectable<StatusesTable>;
export type NewStatusRow = Insertable<StatusesTable>;
type Db = Kysely<DB> | Transaction<DB>;

export const STATUS_COLUMNS = [
  'id',
  'account_id',
  'text',
  'content',
  'spoiler_text',
  'visibility',
  'sensitive',
  'language',
  'in_reply_to_id',
  'in_reply_to_account_id',
  'reblog_of_id',
  'quote_of_id',
  'quote_policy',
  'quote_state',
  'conversation_id',
  'application_id',
  'state',
  'limited',
  'replies_count',
  'reblogs_count',
  'favourites_count',
  'quotes_count',
  'upvotes_count',
  'downvotes_count',
  'created_at',
  'edited_at',
  'uri',
  'url',
] as const;

/** A remote post by its ActivityPub id (federation). */
export async function findStatusByUri(db: Db, uri: string): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').select(STATUS_COLUMNS).where('uri', '=', uri).executeTakeFirst() as Promise<StatusRow | undefined>;
}

export async function findStatus(db: Db, id: string): Promise<StatusRow | undefined> {
  return db.selectFrom('statuses').select(STATUS_COLUMNS).where('id', '=', id).executeTakeFirst() as Promise<StatusRow | undefined>;
}

export async function findStatuses(db: Db, ids: string[]): Promise<StatusRow[]> {
  if (ids.length === 0) return [];
  const out: StatusRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...((await db
        .selectFrom('statuses')
        .select(STATUS_COLUMNS)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()) as StatusRow[]),
    );
  }
  return out;
}

export async function insertStatus(db: Db, row: NewStatusRow): Promise<void> {
  await db.insertInto('statuses').values(row).execute();
}

/** Locks the post's row for the rest of the transaction (see lockRow); false when the post is gone. */
export function lockStatus(db: Transaction<DB>, id: string): Promise<boolean> {
  return lockRow(db, 'statuses', id);
}

/** The same for an account's row: writes bounded per account (pins) queue there. */
export function lockAccount(db: Transaction<DB>, id: string): Promise<boolean> {
  return lockRow(db, 'accounts', id);
}

export async function updateStatusFields(db: Db, id: string, fields: Partial<Omit<StatusRow, 'id'>>): Promise<void> {
  await db.updateTable('statuses').set(fields).where('id', '=', id).execute();
}

type Counter = 'replies_count' | 'reblogs_count' | 'favourites_count' | 'quotes_count' | 'upvotes_count' | 'downvotes_count';

// Portable max(col + by, 0): a literal integer, so both dialects type it alike.
function clampedAdd(column: string, by: number) {
  const n = sql.lit(Math.trunc(by));
  return sql<number>`CASE WHEN ${sql.ref(column)} + ${n} < 0 THEN 0 ELSE ${sql.ref(column)} + ${n} END`;
}

/** Adds `by` to a counter, never going below zero. */
export async function bumpCounter(db: Db, id: string, column: Counter, by: number): Promise<void> {
  await db
    .updateTable('statuses')
    .set({ [column]: clampedAdd(column, by) } as never)
    .where('id', '=', id)
    .execute();
}

export async function bumpAccountStatuses(db: Db, accountId: string, by: number, lastStatusAt?: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      statuses_count: clampedAdd('statuses_count', by),
      ...(lastStatusAt ? { last_status_at: lastStatusAt } : {}),
    })
    .where('id', '=', accountId)
    .execute();
}

// --- idempotency ---

export async function findIdempotent(db: Db, accountId: string, key: string, since: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('status_idempotency')
    .select('status_id')
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return r?.status_id;
}

/**
 * Records that `statusId` was made with this key, unless another post holds it since `since`: then false. Two
 * requests with one key at once: on PostgreSQL the second waits here for the first to commit, then finds its row.
 */
export async function claimIdempotent(db: Db, accountId: string, key: string, statusId: string, now: string, since: string): Promise<boolean> {
  const claimed = await db
    .insertInto('status_idempotency')
    .values({ account_id: accountId, key, status_id: statusId, created_at: now })
    .onConflict((oc) =>
      oc.columns(['account_id', 'key']).doUpdateSet({ status_id: statusId, created_at: now }).where('status_idempotency.created_at', '<', since),
    )
    .returning('status_id')
    .executeTakeFirst();
  return claimed !== undefined;
}

// --- deletion ---

/**
 * Removes a post for good: media rows go with it (those its edits took out too; the caller deletes their files);
 * edits, mentions, tags, feeds, notifications and marks cascade.
 */
export async function purgeStatus(db: Db, id: string): Promise<void> {
  await db
    .deleteFrom('media_attachments')
    .where((eb) => eb.or([eb('status_id', '=', id), eb('edited_out_of', '=', id)]))
    .execute();
  await db.deleteFrom('statuses').where('id', '=', id).execute();
}

export async function findEchoes(db: Db, statusId: string): Promise<Array<{ id: string; account_id: string }>> {
  return db.selectFrom('statuses').select(['id', 'account_id']).where('reblog_of_id', '=', statusId).execute();
}

export async function findEcho(db: Db, accountId: string, statusId: string): Promise<StatusRow | undefined> {
  return db
    .selectFrom('statuses')
    .select(STATUS_COLUMNS)
    .where('reblog_of_id', '=', statusId)
    .where('account_id', '=', accountId)
    .executeTakeFirst() as Promise<StatusRow | undefined>;
}

// --- conversations ---

export async function insertConversation(db: Db, id: string, now: string): Promise<void> {
  await db.insertInto('conversations').values({ id, created_at: now }).execute();
}

// --- threads ---

export async function childrenOf(db: Db, parentIds: string[]): Promise<StatusRow[]> {
  if (parentIds.length === 0) return [];
  return db.selectFrom('statuses').select(STATUS_COLUMNS).where('in_reply_to_id', 'in', parentIds).orderBy('id', 'asc').limit(4000).execute() as Promise<
    StatusRow[]
  >;
}

// --- quotes, defaults, follows ---

export function quotesQuery(db: Db, statusId: string) {
  return db
    .selectFrom('statuses')
    .select(['statuses.id as page_id'])
    .where('statuses.quote_of_id', '=', statusId)
    .where('statuses.quote_state', '=', 'accepted')
    .where('statuses.state', '=', 'published');
}

/** The author's posting defaults (Mastodon's source[privacy|sensitive|language]). */
export async function postingDefaults(db: Db, accountId: string) {
  return db.selectFrom('users').select(['default_privacy', 'default_sensitive', 'default_language']).where('account_id', '=', accountId).executeTakeFirst();
}

export async function isFollowing(db: Db, accountId: string, targetId: string): Promise<boolean> {
  return !!(await db.selectFrom('follows').select('id').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst());
}

export async function wasFannedOut(db: Db, authorId: string, statusId: string): Promise<boolean> {
  return !!(await db.selectFrom('feed_entries').select('status_id').where('account_id', '=', authorId).where('status_id', '=', statusId).executeTakeFirst());
}

/** Published posts quoting this one, one per quoting account. */
export async function findQuotes(db: Db, statusId: string): Promise<Array<{ account_id: string }>> {
  return db
    .selectFrom('statuses')
    .select('account_id')
    .distinct()
    .where('quote_of_id', '=', statusId)
    .where('quote_state', '=', 'accepted')
    .where('state', '=', 'published')
    .execute();
}
