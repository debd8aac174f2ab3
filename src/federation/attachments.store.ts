import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** The ready attachments of local posts, in their order: what their Notes carry. */
export async function mediaOfStatuses(db: Kysely<DB>, statusIds: string[]) {
  if (statusIds.length === 0) return [];
  return db
    .selectFrom('media_attachments')
    .select(['status_id', 'file_path', 'content_type', 'description', 'meta'])
    .where('status_id', 'in', statusIds)
    .where('state', '=', 'ready')
    .where('file_path', 'is not', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}
