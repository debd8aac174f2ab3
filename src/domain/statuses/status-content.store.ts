import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

// SQL of what a post holds besides its row, which an edit rewrites: mentions, tags, attachments, and the edit history.
type Db = Kysely<DB> | Transaction<DB>;

// --- mentions and tags ---

/** Accounts by lower-cased handle: `name` for a local one, `name@domain` for another server's (url: its own page). */
export async function findLocalAccountsByUsernames(
  db: Db,
  usernamesLower: string[],
): Promise<Array<{ id: string; username: string; username_lower: string; url: string | null; uri: string | null }>> {
  if (usernamesLower.length === 0) return [];
  return db.selectFrom('accounts').select(['id', 'username', 'username_lower', 'url', 'uri']).where('username_lower', 'in', usernamesLower).execute();
}

export async function replaceMentions(db: Db, statusId: string, accountIds: string[]): Promise<void> {
  await db.deleteFrom('mentions').where('status_id', '=', statusId).execute();
  if (accountIds.length)
    await db
      .insertInto('mentions')
      .values(accountIds.map((a) => ({ status_id: statusId, account_id: a })))
      .execute();
}

export async function mentionedAccountIds(db: Db, statusId: string): Promise<string[]> {
  return (await db.selectFrom('mentions').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
}

/** Finds or creates the tags by normalised name; returns name -> id. */
export async function upsertTags(db: Db, tags: Array<{ name: string; display: string }>, newId: () => string, now: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (tags.length === 0) return out;
  await db
    .insertInto('tags')
    .values(tags.map((t) => ({ id: newId(), name: t.name, display_name: t.display, created_at: now, last_status_at: now })))
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_status_at: now }))
    .execute();
  const rows = await db
    .selectFrom('tags')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      tags.map((t) => t.name),
    )
    .execute();
  for (const r of rows) out.set(r.name, r.id);
  return out;
}

export async function replaceStatusTags(db: Db, statusId: string, accountId: string, tagIds: string[], createdAt: string): Promise<void> {
  await db.deleteFrom('status_tags').where('status_id', '=', statusId).execute();
  if (tagIds.length)
    await db
      .insertInto('status_tags')
      .values(tagIds.map((t) => ({ status_id: statusId, tag_id: t, account_id: accountId, created_at: createdAt })))
      .execute();
}

// --- media ---

export async function findMediaForAttach(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('media_attachments')
    .select(['id', 'account_id', 'status_id', 'description', 'state', 'edited_out_of', 'scheduled_status_id'])
    .where('id', 'in', ids)
    .execute();
}

/**
 * The post's attachments become `ids`, in that order; one an edit takes out is kept for the post's history
 * (edited_out_of). Inside the post's transaction each one must still be the author's, ready, and free or already
 * this post's: an upload deleted, swept or taken by another post since it was checked answers false, and the caller
 * rolls the post back.
 */
export async function attachMedia(db: Db, statusId: string, accountId: string, ids: string[]): Promise<boolean> {
  await db
    .updateTable('media_attachments')
    .set({ status_id: null, edited_out_of: statusId })
    .where('status_id', '=', statusId)
    .where('id', 'not in', ids.length ? ids : ['0'])
    .execute();
  // In the order of media_ids[] (at most four, one statement each, inside the post's transaction).
  for (const [position, id] of ids.entries()) {
    const taken = await db
      .updateTable('media_attachments')
      .set({ status_id: statusId, edited_out_of: null, position })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .where('state', '=', 'ready')
      .where('scheduled_status_id', 'is', null)
      .where((eb) => eb.or([eb('status_id', 'is', null), eb('status_id', '=', statusId)]))
      .where((eb) => eb.or([eb('edited_out_of', 'is', null), eb('edited_out_of', '=', statusId)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return false;
  }
  return true;
}

export async function mediaIdsOf(db: Db, statusId: string): Promise<string[]> {
  return (await db.selectFrom('media_attachments').select('id').where('status_id', '=', statusId).orderBy('position').orderBy('id').execute()).map((r) => r.id);
}

// --- edits ---

export async function insertEdit(
  db: Db,
  e: { id: string; statusId: string; text: string; content: string; spoilerText: string; sensitive: boolean; mediaIds: string[]; createdAt: string },
): Promise<void> {
  await db
    .insertInto('status_edits')
    .values({
      id: e.id,
      status_id: e.statusId,
      text: e.text,
      content: e.content,
      spoiler_text: e.spoilerText,
      sensitive: e.sensitive ? 1 : 0,
      media_ids: JSON.stringify(e.mediaIds),
      created_at: e.createdAt,
    })
    .execute();
}

export async function listEdits(db: Db, statusId: string) {
  return db.selectFrom('status_edits').selectAll().where('status_id', '=', statusId).orderBy('id', 'asc').execute();
}

export async function countEdits(db: Db, statusId: string): Promise<number> {
  const r = await db
    .selectFrom('status_edits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status_id', '=', statusId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
