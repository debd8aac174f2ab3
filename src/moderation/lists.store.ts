import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { ActionRow } from './moderation.store.js';

/** The actions of a page of appeals, in one query. */
export async function findActionsByIds(db: Kysely<DB>, ids: string[]): Promise<ActionRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('moderation_actions').selectAll().where('id', 'in', ids).execute();
}
