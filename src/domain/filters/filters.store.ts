import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely';
import type { DB, FilterKeywordsTable, FilterStatusesTable, FiltersTable } from '../../db/schema.js';

export type FilterRow = Selectable<FiltersTable>;
export type FilterKeywordRow = Selectable<FilterKeywordsTable>;
export type FilterStatusRow = Selectable<FilterStatusesTable>;
type Db = Kysely<DB> | Transaction<DB>;

export async function listFilterRows(db: Db, accountId: string): Promise<FilterRow[]> {
  return db.selectFrom('filters').selectAll().where('account_id', '=', accountId).orderBy('id').execute();
}

/** The filter when it belongs to `accountId` (someone else's is not found). */
export async function findFilterRow(db: Db, accountId: string, id: string): Promise<FilterRow | undefined> {
  return db.selectFrom('filters').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

export async function keywordsOf(db: Db, filterIds: string[]): Promise<FilterKeywordRow[]> {
  if (filterIds.length === 0) return [];
  return db.selectFrom('filter_keywords').selectAll().where('filter_id', 'in', filterIds).orderBy('id').execute();
}

export async function filterStatusesOf(db: Db, filterIds: string[]): Promise<FilterStatusRow[]> {
  if (filterIds.length === 0) return [];
  return db.selectFrom('filter_statuses').selectAll().where('filter_id', 'in', filterIds).orderBy('id').execute();
}

export async function insertFilter(db: Db, row: Insertable<FiltersTable>): Promise<void> {
  await db.insertInto('filters').values(row).execute();
}

export async function updateFilterRow(
  db: Db,
  id: string,
  set: Pick<Updateable<FiltersTable>, 'title' | 'context' | 'filter_action' | 'expires_at'> & { updated_at: string },
): Promise<void> {
  await db.updateTable('filters').set(set).where('id', '=', id).execute();
}

export async function deleteFilterRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('filters').where('id', '=', id).execute();
}

export async function insertKeyword(db: Db, row: Insertable<FilterKeywordsTable>): Promise<void> {
  await db.insertInto('filter_keywords').values(row).execute();
}

export async function updateKeywordRow(db: Db, id: string, set: Pick<Updateable<FilterKeywordsTable>, 'keyword' | 'whole_word'>): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('filter_keywords').set(set).where('id', '=', id).execute();
}

export async function deleteKeywordRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('filter_keywords').where('id', '=', id).execute();
}

/** A keyword of one of `accountId`'s filters, with its filter. */
export async function findOwnKeyword(db: Db, accountId: string, id: string): Promise<FilterKeywordRow | undefined> {
  return db
    .selectFrom('filter_keywords as k')
    .innerJoin('filters as f', 'f.id', 'k.filter_id')
    .selectAll('k')
    .where('k.id', '=', id)
    .where('f.account_id', '=', accountId)
    .executeTakeFirst();
}

/** Adds a post to a filter; false when it was already there. */
export async function insertFilterStatus(db: Db, row: Insertable<FilterStatusesTable>): Promise<boolean> {
  const r = await db
    .insertInto('filter_statuses')
    .values(row)
    .onConflict((oc) => oc.columns(['filter_id', 'status_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findFilterStatusByPost(db: Db, filterId: string, statusId: string): Promise<FilterStatusRow | undefined> {
  return db.selectFrom('filter_statuses').selectAll().where('filter_id', '=', filterId).where('status_id', '=', statusId).executeTakeFirst();
}

export async function findOwnFilterStatus(db: Db, accountId: string, id: string): Promise<FilterStatusRow | undefined> {
  return db
    .selectFrom('filter_statuses as s')
    .innerJoin('filters as f', 'f.id', 's.filter_id')
    .selectAll('s')
    .where('s.id', '=', id)
    .where('f.account_id', '=', accountId)
    .executeTakeFirst();
}

export async function deleteFilterStatusRow(db: Db, id: string): Promise<void> {
  await db.deleteFrom('filter_statuses').where('id', '=', id).execute();
}

export interface ActiveFilterRuleRow extends FilterRow {
  /** 'k' for a keyword (value = the keyword), 's' for a post (value = its id), null for a filter without rules. */
  kind: 'k' | 's' | null;
  value: string | null;
  rule_whole_word: number | null;
}

/**
 * The reader's filters that have not expired, each with its keywords and posts, in one query (one row per rule):
 * read once per rendered page, never per post.
 */
export async function activeFilterRules(db: Db, accountId: string, now: string): Promise<ActiveFilterRuleRow[]> {
  const rules = db
    .selectFrom('filter_keywords')
    .select(['filter_id', sql<string>`'k'`.as('kind'), 'keyword as value', 'whole_word as rule_whole_word'])
    .unionAll(
      db
        .selectFrom('filter_statuses')
        .select(['filter_id', sql<string>`'s'`.as('kind'), sql<string>`cast(status_id as text)`.as('value'), sql<number>`0`.as('rule_whole_word')]),
    );
  const rows = await db
    .selectFrom('filters as f')
    .leftJoin(rules.as('r'), 'r.filter_id', 'f.id')
    .selectAll('f')
    .select(['r.kind', 'r.value', 'r.rule_whole_word'])
    .where('f.account_id', '=', accountId)
    .where((eb) => eb.or([eb('f.expires_at', 'is', null), eb('f.expires_at', '>', now)]))
    .orderBy('f.id')
    .execute();
  return rows as ActiveFilterRuleRow[];
}
