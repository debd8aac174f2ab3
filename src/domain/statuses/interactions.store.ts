import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { NotificationType } from '../notifications/types.js';

// SQL of what readers do to a post: favourites, bookmarks, pins, votes on replies, muted threads, and who did which.
type Db = Kysely<DB> | Transaction<DB>;

export type MarkTable = 'favourites' | 'bookmarks' | 'pins';

/** Inserts the mark; false when it already existed. */
export async function addMark(db: Db, table: MarkTable, id: string, accountId: string, statusId: string, now: string): Promise<boolean> {
  const r = await db
    .insertInto(table)
    .values({ id, account_id: accountId, status_id: statusId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function hasMark(db: Db, table: MarkTable, accountId: string, statusId: string): Promise<boolean> {
  const r = await db.selectFrom(table).select('id').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return r !== undefined;
}

/** Deletes the mark; false when there was none. */
export async function removeMark(db: Db, table: MarkTable, accountId: string, statusId: string): Promise<boolean> {
  const r = await db.deleteFrom(table).where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countPins(db: Db, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('pins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

// --- votes on replies ---

export async function findVote(db: Db, accountId: string, statusId: string): Promise<number | undefined> {
  const r = await db.selectFrom('status_votes').select('value').where('account_id', '=', accountId).where('status_id', '=', statusId).executeTakeFirst();
  return r ? Number(r.value) : undefined;
}

export async function setVote(db: Db, accountId: string, statusId: string, value: number, now: string): Promise<void> {
  await db
    .insertInto('status_votes')
    .values({ account_id: accountId, status_id: statusId, value, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'status_id']).doUpdateSet({ value, created_at: now }))
    .execute();
}

export async function deleteVote(db: Db, accountId: string, statusId: string): Promise<void> {
  await db.deleteFrom('status_votes').where('account_id', '=', accountId).where('status_id', '=', statusId).execute();
}

// --- conversation mutes ---

export async function muteConversation(db: Db, accountId: string, conversationId: string, now: string): Promise<void> {
  await db
    .insertInto('conversation_mutes')
    .values({ account_id: accountId, conversation_id: conversationId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'conversation_id']).doNothing())
    .execute();
}

export async function unmuteConversation(db: Db, accountId: string, conversationId: string): Promise<void> {
  await db.deleteFrom('conversation_mutes').where('account_id', '=', accountId).where('conversation_id', '=', conversationId).execute();
}

/** Of these accounts, those who muted the thread. */
export async function accountsMutingConversation(db: Db, conversationId: string, accountIds: string[]): Promise<Set<string>> {
  if (accountIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('conversation_mutes')
    .select('account_id')
    .where('conversation_id', '=', conversationId)
    .where('account_id', 'in', accountIds)
    .execute();
  return new Set(rows.map((r) => r.account_id));
}

// --- who did what ---

/** Accounts who favourited a status, newest first, paginated by the favourite's id. */
export function favouritedByQuery(db: Db, statusId: string) {
  return db.selectFrom('favourites').select(['favourites.id as page_id', 'favourites.account_id']).where('favourites.status_id', '=', statusId);
}

export function rebloggedByQuery(db: Db, statusId: string) {
  return db
    .selectFrom('statuses')
    .select(['statuses.id as page_id', 'statuses.account_id'])
    .where('statuses.reblog_of_id', '=', statusId)
    .where('statuses.state', '=', 'published');
}

/** Undoing an action takes back its notification, as Mastodon's dependent notifications do. */
export async function deleteActivityNotification(
  db: Db,
  n: { type: Extract<NotificationType, 'favourite' | 'reblog'>; fromAccountId: string; statusId: string },
): Promise<void> {
  await db.deleteFrom('notifications').where('type', '=', n.type).where('from_account_id', '=', n.fromAccountId).where('status_id', '=', n.statusId).execute();
}
