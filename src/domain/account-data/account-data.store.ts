import { type Kysely, type Selectable, sql } from 'kysely';
import type { AccountArchivesTable, AccountDeletionsTable, AccountImportsTable, DB } from '../../db/schema.js';

export type ArchiveRow = Selectable<AccountArchivesTable>;
export type ImportRow = Selectable<AccountImportsTable>;
export type DeletionRow = Selectable<AccountDeletionsTable>;

// --- archives

export async function insertArchive(db: Kysely<DB>, row: { id: string; account_id: string; created_at: string }): Promise<void> {
  await db
    .insertInto('account_archives')
    .values({ ...row, state: 'pending', size: null, finished_at: null })
    .execute();
}

export async function findArchive(db: Kysely<DB>, id: string): Promise<ArchiveRow | undefined> {
  return db.selectFrom('account_archives').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function archivesOf(db: Kysely<DB>, accountId: string): Promise<ArchiveRow[]> {
  return db.selectFrom('account_archives').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(20).execute();
}

/** The newest archive asked for since `since` that did not fail (the rate limit counts those). */
export async function latestArchiveSince(db: Kysely<DB>, accountId: string, since: string): Promise<ArchiveRow | undefined> {
  return db
    .selectFrom('account_archives')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('created_at', '>=', since)
    .where('state', '!=', 'failed')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function finishArchive(db: Kysely<DB>, id: string, state: 'ready' | 'failed', size: number | null, at: string): Promise<void> {
  await db.updateTable('account_archives').set({ state, size, finished_at: at }).where('id', '=', id).execute();
}

/** Older archives of the account, whose files the newest one replaces. */
export async function deleteArchivesBefore(db: Kysely<DB>, accountId: string, id: string): Promise<string[]> {
  const rows = await db.deleteFrom('account_archives').where('account_id', '=', accountId).where('id', '<', id).returning('id').execute();
  return rows.map((r) => r.id);
}

// --- what an archive holds

/** A page of the account's published posts and echoes, oldest first, with the authors of what they answer or echo. */
export async function statusesForArchive(db: Kysely<DB>, accountId: string, afterId: string | null, limit: number) {
  let q = db
    .selectFrom('statuses as s')
    .leftJoin('statuses as r', 'r.id', 's.in_reply_to_id')
    .leftJoin('accounts as ra', 'ra.id', 'r.account_id')
    .leftJoin('statuses as e', 'e.id', 's.reblog_of_id')
    .leftJoin('accounts as ea', 'ea.id', 'e.account_id')
    .select([
      's.id',
      's.content',
      's.spoiler_text',
      's.visibility',
      's.sensitive',
      's.language',
      's.in_reply_to_id',
      's.reblog_of_id',
      's.created_at',
      's.edited_at',
      'ra.username as reply_to_username',
      'ea.username as echo_of_username',
    ])
    .where('s.account_id', '=', accountId)
    .where('s.state', '=', 'published')
    .orderBy('s.id', 'asc')
    .limit(limit);
  if (afterId) q = q.where('s.id', '>', afterId);
  return q.execute();
}

export async function mediaForStatuses(db: Kysely<DB>, statusIds: string[]) {
  if (statusIds.length === 0) return [];
  return db
    .selectFrom('media_attachments')
    .select(['id', 'status_id', 'type', 'file_path', 'content_type', 'description'])
    .where('status_id', 'in', statusIds)
    .where('state', '=', 'ready')
    .orderBy('id', 'asc')
    .execute();
}

/** Who the posts mention (a direct post is addressed to them). */
export async function mentionsForStatuses(db: Kysely<DB>, statusIds: string[]) {
  if (statusIds.length === 0) return [];
  return db
    .selectFrom('mentions as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.status_id', 'a.username'])
    .where('m.status_id', 'in', statusIds)
    .execute();
}

export async function followingForArchive(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('follows as f')
    .innerJoin('accounts as a', 'a.id', 'f.target_account_id')
    .select(['a.username', 'f.show_reblogs', 'f.notify', 'f.languages'])
    .where('f.account_id', '=', accountId)
    .orderBy('f.id', 'asc')
    .execute();
}

export async function followersForArchive(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('follows as f')
    .innerJoin('accounts as a', 'a.id', 'f.account_id')
    .select(['a.username'])
    .where('f.target_account_id', '=', accountId)
    .orderBy('f.id', 'asc')
    .execute();
}

export async function blocksForArchive(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('blocks as b')
    .innerJoin('accounts as a', 'a.id', 'b.target_account_id')
    .select(['a.username'])
    .where('b.account_id', '=', accountId)
    .orderBy('b.id', 'asc')
    .execute();
}

export async function mutesForArchive(db: Kysely<DB>, accountId: string, now: string) {
  return db
    .selectFrom('mutes as m')
    .innerJoin('accounts as a', 'a.id', 'm.target_account_id')
    .select(['a.username', 'm.hide_notifications'])
    .where('m.account_id', '=', accountId)
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', now)]))
    .orderBy('m.id', 'asc')
    .execute();
}

export async function listMembersForArchive(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('lists as l')
    .leftJoin('list_accounts as la', 'la.list_id', 'l.id')
    .leftJoin('accounts as a', 'a.id', 'la.account_id')
    .select(['l.title', 'a.username'])
    .where('l.account_id', '=', accountId)
    .orderBy('l.id', 'asc')
    .orderBy('la.id', 'asc')
    .execute();
}

export async function bookmarksForArchive(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('bookmarks as b')
    .innerJoin('statuses as s', 's.id', 'b.status_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 'a.username'])
    .where('b.account_id', '=', accountId)
    .orderBy('b.id', 'asc')
    .execute();
}

// --- imports

export async function insertImport(
  db: Kysely<DB>,
  row: Pick<ImportRow, 'id' | 'account_id' | 'type' | 'mode' | 'rows' | 'total' | 'created_at'>,
): Promise<void> {
  await db
    .insertInto('account_imports')
    .values({ ...row, state: 'pending', imported: 0, failed: 0, finished_at: null })
    .execute();
}

export async function findImport(db: Kysely<DB>, id: string): Promise<ImportRow | undefined> {
  return db.selectFrom('account_imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function importsOf(db: Kysely<DB>, accountId: string): Promise<ImportRow[]> {
  return db.selectFrom('account_imports').selectAll().where('account_id', '=', accountId).orderBy('id', 'desc').limit(20).execute();
}

export async function finishImport(db: Kysely<DB>, id: string, result: { imported: number; failed: number; failures: string; at: string }): Promise<void> {
  await db
    .updateTable('account_imports')
    .set({ state: 'finished', imported: result.imported, failed: result.failed, failures: result.failures, rows: '[]', finished_at: result.at })
    .where('id', '=', id)
    .execute();
}

/** Local accounts by lower-cased username, suspended ones left out (they cannot be followed, listed or blocked anew). */
export async function activeAccountsByUsernames(db: Kysely<DB>, usernamesLower: string[]) {
  if (usernamesLower.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'username_lower']).where('username_lower', 'in', usernamesLower).where('suspended_at', 'is', null).execute();
}

export async function followedTargetIds(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('follows').select('target_account_id').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.target_account_id);
}

export async function blockedTargetIds(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('blocks').select('target_account_id').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.target_account_id);
}

export async function mutedTargetIds(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('mutes').select('target_account_id').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.target_account_id);
}

export async function bookmarkedStatusIds(db: Kysely<DB>, accountId: string): Promise<string[]> {
  const rows = await db.selectFrom('bookmarks').select('status_id').where('account_id', '=', accountId).execute();
  return rows.map((r) => r.status_id);
}

export async function listsOf(db: Kysely<DB>, accountId: string) {
  return db.selectFrom('lists').select(['id', 'title']).where('account_id', '=', accountId).orderBy('id', 'asc').execute();
}

// --- deletions

export async function insertDeletion(db: Kysely<DB>, row: DeletionRow): Promise<void> {
  await db
    .insertInto('account_deletions')
    .values(row)
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
}

export async function findDeletion(db: Kysely<DB>, accountId: string): Promise<DeletionRow | undefined> {
  return db.selectFrom('account_deletions').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function removeDeletion(db: Kysely<DB>, accountId: string): Promise<number> {
  const r = await db.deleteFrom('account_deletions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function dueDeletions(db: Kysely<DB>, now: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('account_deletions').select('account_id').where('purge_after', '<=', now).orderBy('purge_after').limit(limit).execute();
  return rows.map((r) => r.account_id);
}

/** Suspends the account as its own deletion does: `at` marks it, so cancelling lifts this suspension and no moderator's. */
export async function suspendForDeletion(db: Kysely<DB>, accountId: string, at: string): Promise<void> {
  await db.updateTable('accounts').set({ suspended_at: at, suspended_until: null }).where('id', '=', accountId).where('suspended_at', 'is', null).execute();
}

export async function liftDeletionSuspension(db: Kysely<DB>, accountId: string, requestedAt: string): Promise<void> {
  await db.updateTable('accounts').set({ suspended_at: null }).where('id', '=', accountId).where('suspended_at', '=', requestedAt).execute();
}

/** Signs the account out everywhere; returns the revoked tokens' ids (for the token cache). */
export async function revokeAllTokens(db: Kysely<DB>, accountId: string, at: string): Promise<string[]> {
  const rows = await db
    .updateTable('oauth_tokens')
    .set({ revoked_at: at })
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  await db.updateTable('web_sessions').set({ revoked_at: at }).where('account_id', '=', accountId).where('revoked_at', 'is', null).execute();
  return rows.map((r) => r.id);
}

/** The media rows of the account left after its posts were purged (uploads never posted): their files, then the rows. */
export async function takeAccountMedia(db: Kysely<DB>, accountId: string) {
  const rows = await db
    .selectFrom('media_attachments')
    .select(['id', 'file_path', 'preview_path', 'incoming_key'])
    .where('account_id', '=', accountId)
    .execute();
  if (rows.length > 0) await db.deleteFrom('media_attachments').where('account_id', '=', accountId).execute();
  return rows;
}

/**
 * Everything else that belongs to the account, once its posts are gone: relations (moving the other side's
 * counters back), marks on others' posts, notifications both ways, lists, tokens, settings, its sign-in.
 * The account row stays as a tombstone, as the admin delete keeps it (moderation history, audit log).
 */
export async function purgeAccountRows(db: Kysely<DB>, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ followers_count: sql`followers_count - 1` })
    .where('id', 'in', (eb) => eb.selectFrom('follows').select('target_account_id').where('account_id', '=', accountId))
    .execute();
  await db
    .updateTable('accounts')
    .set({ following_count: sql`following_count - 1` })
    .where('id', 'in', (eb) => eb.selectFrom('follows').select('account_id').where('target_account_id', '=', accountId))
    .execute();
  await db
    .updateTable('statuses')
    .set({ favourites_count: sql`favourites_count - 1` })
    .where('id', 'in', (eb) => eb.selectFrom('favourites').select('status_id').where('account_id', '=', accountId))
    .execute();
  await db
    .deleteFrom('follows')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('follow_requests')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('blocks')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('mutes')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('notifications')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('from_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('notification_requests')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('from_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('notification_permissions')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('from_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('account_notes')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
  await db
    .deleteFrom('endorsements')
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)]))
    .execute();
  await db.deleteFrom('list_accounts').where('account_id', '=', accountId).execute();
  for (const table of [
    'favourites',
    'bookmarks',
    'pins',
    'status_votes',
    'poll_votes',
    'feed_entries',
    'account_conversations',
    'lists',
    'filters',
    'markers',
    'tag_follows',
    'featured_tags',
    'conversation_mutes',
    'status_idempotency',
    'scheduled_statuses',
    'push_subscriptions',
    'announcement_reads',
    'announcement_reactions',
    'notification_policies',
    'oauth_codes',
    'oauth_tokens',
    'web_sessions',
    'account_imports',
    'account_archives',
    'users',
  ] as const) {
    await db.deleteFrom(table).where('account_id', '=', accountId).execute();
  }
}
