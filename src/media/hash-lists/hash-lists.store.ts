import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { HashKind } from './parse.js';

export interface HashListRow {
  source: string;
  kind: HashKind;
  hash: string;
  label: string;
  created_at: string;
}

// Rows per INSERT: five values each, well under SQLite's and PostgreSQL's limits on bound parameters.
const CHUNK = 500;

/** Inserts rows, skipping any already in their list: how many were new. */
export async function insertEntries(db: Kysely<DB>, rows: HashListRow[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await db
      .insertInto('hash_list_entries')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.columns(['source', 'kind', 'hash']).doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

export async function deleteSource(db: Kysely<DB>, source: string): Promise<number> {
  const res = await db.deleteFrom('hash_list_entries').where('source', '=', source).executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

export interface SourceCount {
  source: string;
  kind: HashKind;
  count: number;
  last_added_at: string;
}

export async function countBySource(db: Kysely<DB>): Promise<SourceCount[]> {
  const rows = await db
    .selectFrom('hash_list_entries')
    .select((eb) => ['source', 'kind', eb.fn.countAll<number | string>().as('count'), eb.fn.max('created_at').as('last_added_at')])
    .groupBy(['source', 'kind'])
    .orderBy('source')
    .orderBy('kind')
    .execute();
  return rows.map((r) => ({ source: r.source, kind: r.kind, count: Number(r.count), last_added_at: r.last_added_at }));
}

/** Every entry, a page at a time in key order (for building the in-memory index). */
export async function entriesAfter(
  db: Kysely<DB>,
  after: { source: string; kind: HashKind; hash: string } | null,
  limit: number,
): Promise<Array<Omit<HashListRow, 'created_at'>>> {
  let q = db.selectFrom('hash_list_entries').select(['source', 'kind', 'hash', 'label']);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('source', '>', after.source),
        eb.and([eb('source', '=', after.source), eb('kind', '>', after.kind)]),
        eb.and([eb('source', '=', after.source), eb('kind', '=', after.kind), eb('hash', '>', after.hash)]),
      ]),
    );
  return q.orderBy('source').orderBy('kind').orderBy('hash').limit(limit).execute();
}
