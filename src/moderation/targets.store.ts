import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AccountsTable, DB, StatusesTable } from '../db/schema.js';

// SQL on the accounts and posts moderation acts on: reading them for a case, and changing their state.
type Db = Kysely<DB>;

export type ModAccountRow = Selectable<AccountsTable>;

export type ModStatusRow = Selectable<StatusesTable>;

export async function findAccount(db: Db, id: string): Promise<ModAccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStatus(db: Db, id: string): Promise<ModStatusRow | undefined> {
  return db.selectFrom('statuses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findStatuses(db: Db, ids: string[]): Promise<ModStatusRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('statuses').selectAll().where('id', 'in', ids).execute();
}

/** The post's thread around it: its ancestors (up to `depth`) and its direct replies. */
export async function threadAround(db: Db, status: ModStatusRow, depth = 5): Promise<{ ancestors: ModStatusRow[]; replies: ModStatusRow[] }> {
  const ancestors: ModStatusRow[] = [];
  let parentId = status.in_reply_to_id;
  while (parentId && ancestors.length < depth) {
    const parent = await findStatus(db, parentId);
    if (!parent) break;
    ancestors.unshift(parent);
    parentId = parent.in_reply_to_id;
  }
  const replies = await db.selectFrom('statuses').selectAll().where('in_reply_to_id', '=', status.id).orderBy('id', 'asc').limit(20).execute();
  return { ancestors, replies };
}

export async function recentStatusesOf(db: Db, accountId: string, limit: number): Promise<ModStatusRow[]> {
  return db
    .selectFrom('statuses')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('reblog_of_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function updateAccountModeration(
  db: Db,
  id: string,
  patch: Pick<Updateable<AccountsTable>, 'suspended_at' | 'suspended_until' | 'limited_at' | 'sensitized_at'>,
  at: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function updateStatusModeration(db: Db, id: string, patch: Pick<Updateable<StatusesTable>, 'state' | 'limited' | 'sensitive'>): Promise<void> {
  await db.updateTable('statuses').set(patch).where('id', '=', id).execute();
}

/** Echoes of a post: they disappear with it. */
export async function echoIdsOf(db: Db, statusId: string): Promise<string[]> {
  const rows = await db.selectFrom('statuses').select('id').where('reblog_of_id', '=', statusId).execute();
  return rows.map((r) => r.id);
}

/** Takes a post (and its echoes) out of every home feed and drops the notifications about it. */
export async function purgeStatusFromFeeds(db: Db, statusId: string): Promise<void> {
  await db
    .deleteFrom('feed_entries')
    .where((eb) => eb.or([eb('status_id', '=', statusId), eb('reblog_of_id', '=', statusId)]))
    .execute();
}

export async function accountsSuspendedUntilBefore(db: Db, iso: string): Promise<Array<{ id: string; suspended_until: string }>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'suspended_until'])
    .where('suspended_at', 'is not', null)
    .where('suspended_until', 'is not', null)
    .where('suspended_until', '<=', iso)
    .execute();
  return rows.map((r) => ({ id: r.id, suspended_until: r.suspended_until as string }));
}

/**
 * Lifts this timed suspension only if it is still the one that was found due: true when this call
 * changed the row, false when another process (or a moderator) got there first.
 */
export async function claimExpiredSuspension(db: Db, id: string, suspendedUntil: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('accounts')
    .set({ suspended_at: null, suspended_until: null, updated_at: at })
    .where('id', '=', id)
    .where('suspended_at', 'is not', null)
    .where('suspended_until', '=', suspendedUntil)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function staffAccountIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('users').select('account_id').where('role', 'in', ['moderator', 'admin']).where('disabled', '=', 0).execute();
  return rows.map((r) => r.account_id);
}

// --- sign-ups and sign-in (admin account actions)

export async function findUser(db: Db, accountId: string) {
  return db.selectFrom('users').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

export async function updateUserFlags(db: Db, accountId: string, patch: { disabled?: number; approved?: number }): Promise<void> {
  await db.updateTable('users').set(patch).where('account_id', '=', accountId).execute();
}

/** Rejecting a pending sign-up removes it, as Mastodon does. */
export async function deleteAccountRow(db: Db, accountId: string): Promise<void> {
  await db.deleteFrom('accounts').where('id', '=', accountId).execute();
}

/** A batch of an account's posts, oldest first, for deleting its data. */
export async function statusBatchOf(db: Db, accountId: string, limit: number): Promise<ModStatusRow[]> {
  return db.selectFrom('statuses').selectAll().where('account_id', '=', accountId).orderBy('id', 'asc').limit(limit).execute();
}

/** Clears a profile, keeping the account row (and so its moderation history) as a tombstone. */
export async function clearProfile(db: Db, accountId: string, at: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ display_name: '', note: '', avatar_path: null, header_path: null, fields: '[]', statuses_count: 0, updated_at: at })
    .where('id', '=', accountId)
    .execute();
}
