import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface RelationshipFacts {
  following: Map<string, { show_reblogs: number; notify: number; languages: string | null }>;
  followedBy: Set<string>;
  blocking: Set<string>;
  blockedBy: Set<string>;
  muting: Map<string, { hide_notifications: number }>;
  requested: Set<string>;
  requestedBy: Set<string>;
  notes: Map<string, string>;
  /** Accounts the viewer features on their profile (migration 1010). */
  endorsed: Set<string>;
}

/** Everything needed to describe the viewer's relationship with each target, in nine indexed queries. */
export async function loadRelationshipFacts(db: Db, viewerId: string, targetIds: string[], now: string): Promise<RelationshipFacts> {
  const ids = targetIds.length ? targetIds : ['0'];
  const [following, followedBy, blocking, blockedBy, muting, requested, requestedBy, notes, endorsed] = await Promise.all([
    db
      .selectFrom('follows')
      .select(['target_account_id as id', 'show_reblogs', 'notify', 'languages'])
      .where('account_id', '=', viewerId)
      .where('target_account_id', 'in', ids)
      .execute(),
    db.selectFrom('follows').select('account_id as id').where('target_account_id', '=', viewerId).where('account_id', 'in', ids).execute(),
    db.selectFrom('blocks').select('target_account_id as id').where('account_id', '=', viewerId).where('target_account_id', 'in', ids).execute(),
    db.selectFrom('blocks').select('account_id as id').where('target_account_id', '=', viewerId).where('account_id', 'in', ids).execute(),
    db
      .selectFrom('mutes')
      .select(['target_account_id as id', 'hide_notifications'])
      .where('account_id', '=', viewerId)
      .where('target_account_id', 'in', ids)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute(),
    db.selectFrom('follow_requests').select('target_account_id as id').where('account_id', '=', viewerId).where('target_account_id', 'in', ids).execute(),
    db.selectFrom('follow_requests').select('account_id as id').where('target_account_id', '=', viewerId).where('account_id', 'in', ids).execute(),
    db
      .selectFrom('account_notes')
      .select(['target_account_id as id', 'comment'])
      .where('account_id', '=', viewerId)
      .where('target_account_id', 'in', ids)
      .execute(),
    db.selectFrom('endorsements').select('target_account_id as id').where('account_id', '=', viewerId).where('target_account_id', 'in', ids).execute(),
  ]);
  return {
    following: new Map(following.map((r) => [r.id, r])),
    followedBy: new Set(followedBy.map((r) => r.id)),
    blocking: new Set(blocking.map((r) => r.id)),
    blockedBy: new Set(blockedBy.map((r) => r.id)),
    muting: new Map(muting.map((r) => [r.id, r])),
    requested: new Set(requested.map((r) => r.id)),
    requestedBy: new Set(requestedBy.map((r) => r.id)),
    notes: new Map(notes.map((r) => [r.id, r.comment])),
    endorsed: new Set(endorsed.map((r) => r.id)),
  };
}

export async function findFollow(db: Db, accountId: string, targetId: string) {
  return db.selectFrom('follows').selectAll().where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
}

export async function findFollowRequest(db: Db, accountId: string, targetId: string) {
  return db.selectFrom('follow_requests').selectAll().where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst();
}

export async function blockedEitherWay(db: Db, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('id')
    .where((eb) =>
      eb.or([eb.and([eb('account_id', '=', a), eb('target_account_id', '=', b)]), eb.and([eb('account_id', '=', b), eb('target_account_id', '=', a)])]),
    )
    .executeTakeFirst();
  return !!row;
}

/** Inserts a follow and counts it; false when it already existed. */
export async function insertFollow(
  trx: Db,
  row: { id: string; account_id: string; target_account_id: string; show_reblogs: number; notify: number; languages: string | null; created_at: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('follows')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await trx.updateTable('accounts').set({ following_count: sql`following_count + 1` }).where('id', '=', row.account_id).execute();
  await trx.updateTable('accounts').set({ followers_count: sql`followers_count + 1` }).where('id', '=', row.target_account_id).execute();
  return true;
}

export async function updateFollowOptions(
  trx: Db,
  accountId: string,
  targetId: string,
  set: { show_reblogs?: number; notify?: number; languages?: string | null },
) {
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('follows').set(set).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

/** Deletes a follow and uncounts it; false when there was none. */
export async function deleteFollow(trx: Db, accountId: string, targetId: string): Promise<boolean> {
  const deleted = await trx
    .deleteFrom('follows')
    .where('account_id', '=', accountId)
    .where('target_account_id', '=', targetId)
    .returning('id')
    .executeTakeFirst();
  if (!deleted) return false;
  await trx
    .updateTable('accounts')
    .set({ following_count: sql`CASE WHEN following_count > 0 THEN following_count - 1 ELSE 0 END` })
    .where('id', '=', accountId)
    .execute();
  await trx
    .updateTable('accounts')
    .set({ followers_count: sql`CASE WHEN followers_count > 0 THEN followers_count - 1 ELSE 0 END` })
    .where('id', '=', targetId)
    .execute();
  return true;
}

export async function insertFollowRequest(
  trx: Db,
  row: { id: string; account_id: string; target_account_id: string; show_reblogs: number; notify: number; created_at: string },
): Promise<boolean> {
  const inserted = await trx
    .insertInto('follow_requests')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

export async function updateFollowRequestOptions(trx: Db, accountId: string, targetId: string, set: { show_reblogs?: number; notify?: number }) {
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('follow_requests').set(set).where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

export async function deleteFollowRequest(trx: Db, accountId: string, targetId: string): Promise<boolean> {
  const deleted = await trx
    .deleteFrom('follow_requests')
    .where('account_id', '=', accountId)
    .where('target_account_id', '=', targetId)
    .returning('id')
    .executeTakeFirst();
  return !!deleted;
}

export async function insertBlock(trx: Db, row: { id: string; account_id: string; target_account_id: string; created_at: string }): Promise<void> {
  await trx
    .insertInto('blocks')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doNothing())
    .execute();
}

export async function deleteBlock(trx: Db, accountId: string, targetId: string): Promise<void> {
  await trx.deleteFrom('blocks').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

export async function upsertMute(
  trx: Db,
  row: { id: string; account_id: string; target_account_id: string; hide_notifications: number; expires_at: string | null; created_at: string },
): Promise<void> {
  await trx
    .insertInto('mutes')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ hide_notifications: row.hide_notifications, expires_at: row.expires_at }))
    .execute();
}

export async function deleteMute(trx: Db, accountId: string, targetId: string): Promise<void> {
  await trx.deleteFrom('mutes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
}

export async function countFollowRequests(db: Db, targetId: string): Promise<number> {
  const row = await db
    .selectFrom('follow_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('target_account_id', '=', targetId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Saves the viewer's private note about an account; an empty note deletes it. */
export async function saveAccountNote(db: Db, accountId: string, targetId: string, comment: string, at: string): Promise<void> {
  if (comment === '') {
    await db.deleteFrom('account_notes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).execute();
    return;
  }
  await db
    .insertInto('account_notes')
    .values({ account_id: accountId, target_account_id: targetId, comment, updated_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'target_account_id']).doUpdateSet({ comment, updated_at: at }))
    .execute();
}
