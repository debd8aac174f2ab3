import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';

export async function findMarkers(db: Kysely<DB>, accountId: string, timelines: string[]) {
  if (timelines.length === 0) return [];
  return db.selectFrom('markers').selectAll().where('account_id', '=', accountId).where('timeline', 'in', timelines).execute();
}

/** Saves a reading position; each save bumps the version (Mastodon's optimistic-locking counter). */
export async function saveMarker(db: Kysely<DB>, accountId: string, timeline: string, lastReadId: string, at: string): Promise<void> {
  await db
    .insertInto('markers')
    .values({ account_id: accountId, timeline, last_read_id: lastReadId, version: 1, updated_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'timeline']).doUpdateSet({ last_read_id: lastReadId, updated_at: at, version: sql`markers.version + 1` }))
    .execute();
}
