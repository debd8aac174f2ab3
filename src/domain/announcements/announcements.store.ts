import { type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { AnnouncementsTable, DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;
export type AnnouncementRow = Selectable<AnnouncementsTable>;

export async function insertAnnouncement(db: Db, row: AnnouncementRow): Promise<void> {
  await db.insertInto('announcements').values(row).execute();
}

export async function updateAnnouncement(db: Db, id: string, set: Updateable<AnnouncementsTable>): Promise<void> {
  await db.updateTable('announcements').set(set).where('id', '=', id).execute();
}

export async function deleteAnnouncement(db: Db, id: string): Promise<boolean> {
  const res = await db.deleteFrom('announcements').where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function findAnnouncement(db: Db, id: string): Promise<AnnouncementRow | undefined> {
  return db.selectFrom('announcements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every announcement, drafts and ended ones included, newest first (the admin list). */
export async function allAnnouncements(db: Db, limit: number): Promise<AnnouncementRow[]> {
  return db.selectFrom('announcements').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** Published announcements that have not ended, oldest first as Mastodon lists them; dismissed ones only if asked. */
export async function activeAnnouncements(db: Db, now: string, accountId: string, withDismissed: boolean): Promise<AnnouncementRow[]> {
  let q = db
    .selectFrom('announcements as a')
    .selectAll('a')
    .where('a.published_at', 'is not', null)
    .where('a.published_at', '<=', now)
    .where((eb) => eb.or([eb('a.ends_at', 'is', null), eb('a.ends_at', '>', now)]));
  if (!withDismissed)
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('announcement_reads as r').select('r.account_id').whereRef('r.announcement_id', '=', 'a.id').where('r.account_id', '=', accountId),
        ),
      ),
    );
  return q.orderBy('a.published_at', 'asc').orderBy('a.id', 'asc').limit(100).execute();
}

export async function markRead(db: Db, announcementId: string, accountId: string): Promise<void> {
  await db
    .insertInto('announcement_reads')
    .values({ announcement_id: announcementId, account_id: accountId })
    .onConflict((oc) => oc.columns(['announcement_id', 'account_id']).doNothing())
    .execute();
}

export async function readAmong(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('announcement_reads')
    .select('announcement_id')
    .where('account_id', '=', accountId)
    .where('announcement_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.announcement_id));
}

export async function addReaction(db: Db, r: { announcement_id: string; account_id: string; name: string; created_at: string }): Promise<void> {
  await db
    .insertInto('announcement_reactions')
    .values(r)
    .onConflict((oc) => oc.columns(['announcement_id', 'account_id', 'name']).doNothing())
    .execute();
}

export async function removeReaction(db: Db, announcementId: string, accountId: string, name: string): Promise<void> {
  await db
    .deleteFrom('announcement_reactions')
    .where('announcement_id', '=', announcementId)
    .where('account_id', '=', accountId)
    .where('name', '=', name)
    .execute();
}

export interface ReactionCount {
  announcement_id: string;
  name: string;
  count: number;
  first_at: string;
}

/** Each reaction's count per announcement, in the order reactions first appeared. */
export async function reactionCounts(db: Db, ids: string[]): Promise<ReactionCount[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('announcement_reactions')
    .select(['announcement_id', 'name', sql<number>`count(*)`.as('count'), sql<string>`min(created_at)`.as('first_at')])
    .where('announcement_id', 'in', ids)
    .groupBy(['announcement_id', 'name'])
    .orderBy(sql`min(created_at)`, 'asc')
    .orderBy('name', 'asc')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export async function reactionsOf(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('announcement_reactions')
    .select(['announcement_id', 'name'])
    .where('account_id', '=', accountId)
    .where('announcement_id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => `${r.announcement_id}:${r.name}`));
}
