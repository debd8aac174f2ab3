import { type SelectQueryBuilder, sql } from 'kysely';

/** Mastodon's keyset pagination: https://docs.joinmastodon.org/api/guidelines/#pagination */
export interface Page {
  max_id?: string;
  since_id?: string;
  min_id?: string;
  limit: number;
}

/**
 * Applies a page to a query ordered by `column` (an id, newest first). With min_id the rows just after
 * it are wanted, so the query runs oldest first and the caller gets them back newest first.
 */
export async function fetchPage<DB, TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  page: Page,
): Promise<O[]> {
  let q = query as SelectQueryBuilder<any, any, O>;
  const ref = sql.ref(column);
  if (page.max_id) q = q.where(ref, '<', page.max_id);
  if (page.since_id) q = q.where(ref, '>', page.since_id);
  if (page.min_id) {
    const rows = await q.where(ref, '>', page.min_id).orderBy(ref, 'asc').limit(page.limit).execute();
    return rows.reverse();
  }
  return q.orderBy(ref, 'desc').limit(page.limit).execute();
}
