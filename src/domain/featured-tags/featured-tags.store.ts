import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface FeaturedTagRow {
  id: string;
  tag_id: string;
  name: string;
  display_name: string;
  statuses_count: number;
  last_status_at: string | null;
}

/** Someone's featured tags, oldest first, each with how many of their public posts carry it and the last one's time. */
export async function featuredTagsOf(db: Db, accountId: string, ids?: string[]): Promise<FeaturedTagRow[]> {
  let q = db
    .selectFrom('featured_tags as f')
    .innerJoin('tags as t', 't.id', 'f.tag_id')
    .select(['f.id', 'f.tag_id', 't.name', 't.display_name'])
    .select((eb) => [
      eb
        .selectFrom('status_tags as st')
        .innerJoin('statuses as s', 's.id', 'st.status_id')
        .select((x) => x.fn.countAll<number>().as('c'))
        .whereRef('st.tag_id', '=', 'f.tag_id')
        .where('st.account_id', '=', accountId)
        .where('s.visibility', 'in', ['public', 'unlisted'])
        .where('s.state', '=', 'published')
        .as('statuses_count'),
      eb
        .selectFrom('status_tags as st')
        .innerJoin('statuses as s', 's.id', 'st.status_id')
        .select(sql<string>`max(st.created_at)`.as('m'))
        .whereRef('st.tag_id', '=', 'f.tag_id')
        .where('st.account_id', '=', accountId)
        .where('s.visibility', 'in', ['public', 'unlisted'])
        .where('s.state', '=', 'published')
        .as('last_status_at'),
    ])
    .where('f.account_id', '=', accountId);
  if (ids) q = q.where('f.id', 'in', ids.length ? ids : ['0']);
  const rows = await q.orderBy('f.id', 'asc').execute();
  return rows.map((r) => ({ ...r, statuses_count: Number(r.statuses_count ?? 0), last_status_at: r.last_status_at ?? null }));
}

export async function countFeaturedTags(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('featured_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** False when the tag was featured already. */
export async function insertFeaturedTag(db: Db, row: { id: string; account_id: string; tag_id: string; created_at: string }): Promise<boolean> {
  const res = await db
    .insertInto('featured_tags')
    .values(row)
    .onConflict((oc) => oc.columns(['account_id', 'tag_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findFeaturedTagId(db: Db, accountId: string, tagId: string): Promise<string | undefined> {
  const row = await db.selectFrom('featured_tags').select('id').where('account_id', '=', accountId).where('tag_id', '=', tagId).executeTakeFirst();
  return row?.id;
}

export async function deleteFeaturedTag(db: Db, accountId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('featured_tags').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The tags someone used most in their recent posts and does not feature yet. */
export async function suggestedTags(db: Db, accountId: string, since: string, limit: number) {
  return db
    .selectFrom('status_tags as st')
    .innerJoin('tags as t', 't.id', 'st.tag_id')
    .select(['t.id', 't.name'])
    .where('st.account_id', '=', accountId)
    .where('st.created_at', '>=', since)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('featured_tags as f').select('f.id').where('f.account_id', '=', accountId).whereRef('f.tag_id', '=', 'st.tag_id'))),
    )
    .groupBy(['t.id', 't.name'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('t.name', 'asc')
    .limit(limit)
    .execute();
}
