import { type Insertable, type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { lockRow } from '../../db/row-lock.js';
import type { DB, StatusesTable } from '../../db/schema.js';
import type { NotificationType } from '../notifications/types.js';

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

// --- mentions and tags ---

export async function findLocalAccountsByUsernames(db: Db, usernamesLower: string[]): Promise<Array<{ id: string; username: string; username_lower: string }>> {
  if (usernamesLower.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'username', 'username_lower']).where('username_lower', 'in', usernamesLower).execute();
}

export async function replaceMentions(db: Db, statusId: string, accountIds: string[]): Promise<void> {
  await db.deleteFrom('mentions').where('status_id', '=', statusId).execute();
  if (accountIds.length)
    await db
      .insertInto('mentions')
      .values(accountIds.map((a) => ({ status_id: statusId, account_id: a })))
      .execute();
}

export async function mentionedAccountIds(db: Db, statusId: string): Promise<string[]> {
  return (await db.selectFrom('mentions').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
}

/** Finds or creates the tags by normalised name; returns name -> id. */
export async function upsertTags(db: Db, tags: Array<{ name: string; display: string }>, newId: () => string, now: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (tags.length === 0) return out;
  await db
    .insertInto('tags')
    .values(tags.map((t) => ({ id: newId(), name: t.name, display_name: t.display, created_at: now, last_status_at: now })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_status_at: now }))
    .execute();
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      tags.map((t) => t.name),
    )
    .execute();
  for (const r of rows) out.set(r.name, r.id);
  return out;
}

export async function replaceStatusTags(db: Db, statusId: string, accountId: string, tagIds: string[], createdAt: string): Promise<void> {
  await db.deleteFrom('status_tags').where('status_id', '=', statusId).execute();
  if (tagIds.length)
    await db
      .insertInto('status_tags')
      .values(tagIds.map((t) => ({ status_id: statusId, tag_id: t, account_id: accountId, created_at: createdAt })))
      .execute();
}

// --- media ---

export async function findMediaForAttach(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('media_attachments').select(['id', 'account_id', 'status_id', 'description', 'state', 'edited_out_of']).where('id', 'in', ids).execute();
}

/** The post's attachments become `ids`; one an edit takes out is kept for the post's history (edited_out_of). */
export async function attachMedia(db: Db, statusId: string, ids: string[]): Promise<void> {
  await db
    .updateTable('media_attachments')
    .set({ status_id: null, edited_out_of: statusId })
    .where('status_id', '=', statusId)
    .where('id', 'not in', ids.length ? ids : ['0'])
    .execute();
  if (ids.length) await db.updateTable('media_attachments').set({ status_id: statusId, edited_out_of: null }).where('id', 'in', ids).execute();
}

export async function mediaIdsOf(db: Db, statusId: string): Promise<string[]> {
  return (await db.selectFrom('media_attachments').select('id').where('status_id', '=', statusId).orderBy('id').execute()).map((r) => r.id);
}

// --- edits ---

export async function insertEdit(
  db: Db,
  e: { id: string; statusId: string; text: string; content: string; spoilerText: string; sensitive: boolean; mediaIds: string[]; createdAt: string },
): Promise<void> {
  await db
    .insertInto('status_edits')
    .values({
      id: e.id,
      status_id: e.statusId,
      text: e.text,
      content: e.content,
      spoiler_text: e.spoilerText,
      sensitive: e.sensitive ? 1 : 0,
      media_ids: JSON.stringify(e.mediaIds),
      created_at: e.createdAt,
    })
    .execute();
}

export async function listEdits(db: Db, statusId: string) {
  return db.selectFrom('status_edits').selectAll().where('status_id', '=', statusId).orderBy('id', 'asc').execute();
}

export async function countEdits(db: Db, statusId: string): Promise<number> {
  const r = await db
    .selectFrom('status_edits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status_id', '=', statusId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
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

// --- marks: favourites, bookmarks, pins ---

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

/** Undoing an action takes back its notification, as Mastodon's dependent notifications do. */
export async function deleteActivityNotification(
  db: Db,
  n: { type: Extract<NotificationType, 'favourite' | 'reblog'>; fromAccountId: string; statusId: string },
): Promise<void> {
  await db.deleteFrom('notifications').where('type', '=', n.type).where('from_account_id', '=', n.fromAccountId).where('status_id', '=', n.statusId).execute();
}
