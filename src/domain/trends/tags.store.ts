import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function findTagByName(db: Kysely<DB>, name: string) {
  return db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertTag(db: Kysely<DB>, t: { id: string; name: string; display: string; now: string }): Promise<void> {
  await db
    .insertInto('tags')
    .values({ id: t.id, name: t.name, display_name: t.display, created_at: t.now, last_status_at: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/**
 * Daily uses of tags over the window: one row per tag and UTC day, counting public published posts
 * and the distinct accounts behind them (Mastodon's Tag history).
 */
export async function tagDailyUses(db: Kysely<DB>, tagIds: string[], since: string) {
  if (tagIds.length === 0) return [];
  const day = sql<string>`substr(st.created_at, 1, 10)`;
  return db
    .selectFrom('status_tags as st')
    .innerJoin('statuses as s', 's.id', 'st.status_id')
    .select(['st.tag_id', day.as('day')])
    .select((eb) => [eb.fn.countAll<number>().as('uses'), sql<number>`count(distinct st.account_id)`.as('accounts')])
    .where('st.tag_id', 'in', tagIds)
    .where('st.created_at', '>=', since)
    .where('s.visibility', '=', 'public')
    .where('s.state', '=', 'published')
    .groupBy(['st.tag_id', day])
    .execute();
}

export async function followedTagIds(db: Kysely<DB>, accountId: string, tagIds: string[]): Promise<Set<string>> {
  if (tagIds.length === 0) return new Set();
  const rows = await db.selectFrom('tag_follows').select('tag_id').where('account_id', '=', accountId).where('tag_id', 'in', tagIds).execute();
  return new Set(rows.map((r) => r.tag_id));
}

export async function followTag(db: Kysely<DB>, accountId: string, tagId: string, now: string): Promise<void> {
  await db
    .insertInto('tag_follows')
    .values({ account_id: accountId, tag_id: tagId, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'tag_id']).doNothing())
    .execute();
}

export async function unfollowTag(db: Kysely<DB>, accountId: string, tagId: string): Promise<void> {
  await db.deleteFrom('tag_follows').where('account_id', '=', accountId).where('tag_id', '=', tagId).execute();
}

export function followedTagsQuery(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('tag_follows as tf')
    .innerJoin('tags as t', 't.id', 'tf.tag_id')
    .select(['t.id as page_id', 't.id', 't.name', 't.display_name'])
    .where('tf.account_id', '=', accountId);
}

/** Accounts following any of these tags (for fan-out of public posts into their homes). */
export async function tagFollowers(db: Kysely<DB>, tagIds: string[]): Promise<string[]> {
  if (tagIds.length === 0) return [];
  const rows = await db.selectFrom('tag_follows').select('account_id').distinct().where('tag_id', 'in', tagIds).execute();
  return rows.map((r) => r.account_id);
}

/** Trending hashtags: distinct accounts using them in public, published, non-limited posts since `since`. */
export async function trendingTags(db: Kysely<DB>, since: string, limit: number, offset: number) {
  return db
    .selectFrom('status_tags as st')
    .innerJoin('statuses as s', 's.id', 'st.status_id')
    .innerJoin('accounts as a', 'a.id', 'st.account_id')
    .innerJoin('tags as t', 't.id', 'st.tag_id')
    .select(['t.id', 't.name', 't.display_name', sql<number>`count(distinct st.account_id)`.as('accounts')])
    .where('st.created_at', '>=', since)
    .where('s.visibility', '=', 'public')
    .where('s.state', '=', 'published')
    .where('s.limited', '=', 0)
    .where('a.limited_at', 'is', null)
    .where('a.suspended_at', 'is', null)
    .groupBy(['t.id', 't.name', 't.display_name'])
    .orderBy(sql`count(distinct st.account_id)`, 'desc')
    .orderBy('t.name', 'asc')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Trending posts: public originals of the window, by echoes plus upvotes (favourites). */
export async function trendingStatusIds(db: Kysely<DB>, sinceId: string, limit: number, offset: number): Promise<string[]> {
  const rows = await db
    .selectFrom('statuses as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select('s.id')
    .where('s.id', '>=', sinceId)
    .where('s.visibility', '=', 'public')
    .where('s.reblog_of_id', 'is', null)
    .where('s.state', '=', 'published')
    .where('s.limited', '=', 0)
    .where('a.limited_at', 'is', null)
    .where('a.suspended_at', 'is', null)
    .where(sql<boolean>`s.reblogs_count + s.favourites_count > 0`)
    .orderBy(sql`s.reblogs_count + s.favourites_count`, 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => r.id);
}
