import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { DB, MediaAttachmentsTable } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type MediaRow = Selectable<MediaAttachmentsTable>;

export async function insertMedia(db: Db, row: Insertable<MediaAttachmentsTable>): Promise<void> {
  await db.insertInto('media_attachments').values(row).execute();
}

export async function findMedia(db: Db, id: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media_attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Updates a row still in `fromState` (a job that finishes after the upload was deleted, or twice, changes nothing). */
export async function updateMediaInState(
  db: Db,
  id: string,
  fromState: MediaRow['state'],
  patch: Partial<Omit<MediaRow, 'id' | 'account_id' | 'created_at'>>,
): Promise<boolean> {
  const r = await db.updateTable('media_attachments').set(patch).where('id', '=', id).where('state', '=', fromState).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateMediaFields(db: Db, id: string, patch: { description?: string | null; meta?: string | null }): Promise<void> {
  await db.updateTable('media_attachments').set(patch).where('id', '=', id).execute();
}

/** Deletes an unattached upload; false when it was attached or deleted meanwhile. */
export async function deleteUnattachedMedia(db: Db, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('media_attachments')
    .where('id', '=', id)
    .where('status_id', 'is', null)
    .where('edited_out_of', 'is', null)
    .where('scheduled_status_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The files of these rows: originals, previews and raw uploads still waiting. */
export function filesOfRows(rows: Array<Pick<MediaRow, 'file_path' | 'preview_path' | 'incoming_key'>>): string[] {
  return rows.flatMap((r) => [r.file_path, r.preview_path, r.incoming_key].filter((k): k is string => !!k));
}

/** The files of a post's attachments, those it shows and those its edits took out (read before the post goes). */
export async function mediaFilesOfStatus(db: Db, statusId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('media_attachments')
    .select(['file_path', 'preview_path', 'incoming_key'])
    .where((eb) => eb.or([eb('status_id', '=', statusId), eb('edited_out_of', '=', statusId)]))
    .execute();
  return filesOfRows(rows);
}

/**
 * Of these keys, those an attachment or a custom emoji still names (the same bytes share one file). Raw uploads
 * (`incoming_key`) are named by a random key each and never shared, so only the content-addressed columns are
 * looked up, each through its index.
 */
export async function keysStillNamed(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const [originals, previews, emojis] = await Promise.all([
    db.selectFrom('media_attachments').select('file_path as key').where('file_path', 'in', keys).execute(),
    db.selectFrom('media_attachments').select('preview_path as key').where('preview_path', 'in', keys).execute(),
    db
      .selectFrom('custom_emojis')
      .select(['file_path', 'static_path'])
      .where((eb) => eb.or([eb('file_path', 'in', keys), eb('static_path', 'in', keys)]))
      .execute(),
  ]);
  return new Set([...originals, ...previews].map((r) => r.key as string).concat(emojis.flatMap((e) => [e.file_path, e.static_path])));
}

/**
 * Uploads never posted, made before `before`: not attached to a post, and not kept for the history of a post that
 * still exists (an edit's removed attachment whose post is gone is taken too).
 */
export async function unattachedBefore(db: Db, before: string, limit: number): Promise<MediaRow[]> {
  return db
    .selectFrom('media_attachments')
    .selectAll()
    .where('status_id', 'is', null)
    .where('scheduled_status_id', 'is', null)
    .where('created_at', '<', before)
    .where((eb) =>
      eb.or([
        eb('edited_out_of', 'is', null),
        eb.not(eb.exists(eb.selectFrom('statuses').select('statuses.id').whereRef('statuses.id', '=', 'media_attachments.edited_out_of'))),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

export async function deleteMediaRows(db: Db, ids: string[]): Promise<void> {
  if (ids.length)
    await db.deleteFrom('media_attachments').where('id', 'in', ids).where('status_id', 'is', null).where('scheduled_status_id', 'is', null).execute();
}
