import type { Insertable, Kysely, Selectable, SelectQueryBuilder, Transaction } from 'kysely';
import type { DB, ScheduledStatusesTable } from '../../db/schema.js';

export type ScheduledRow = Selectable<ScheduledStatusesTable>;
type Db = Kysely<DB> | Transaction<DB>;

export async function insertScheduled(db: Db, row: Insertable<ScheduledStatusesTable>): Promise<void> {
  await db.insertInto('scheduled_statuses').values(row).execute();
}

/** The scheduled post when it belongs to `accountId` (someone else's is not found). */
export async function findOwnScheduled(db: Db, accountId: string, id: string): Promise<ScheduledRow | undefined> {
  return db.selectFrom('scheduled_statuses').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

/** For keyset pagination on the id (fetchPage). */
export function scheduledQuery(db: Kysely<DB>, accountId: string): SelectQueryBuilder<DB, 'scheduled_statuses', ScheduledRow> {
  return db.selectFrom('scheduled_statuses').selectAll().where('account_id', '=', accountId);
}

/** How many posts the account has scheduled; with a day (UTC, [from, to)), how many fall on it. `except` leaves one out. */
export async function countScheduled(db: Db, accountId: string, day?: { from: string; to: string }, except?: string): Promise<number> {
  let q = db
    .selectFrom('scheduled_statuses')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('account_id', '=', accountId);
  if (day) q = q.where('scheduled_at', '>=', day.from).where('scheduled_at', '<', day.to);
  if (except) q = q.where('id', '!=', except);
  return Number((await q.executeTakeFirst())?.n ?? 0);
}

export async function updateScheduledAt(db: Db, accountId: string, id: string, scheduledAt: string): Promise<void> {
  await db.updateTable('scheduled_statuses').set({ scheduled_at: scheduledAt }).where('id', '=', id).where('account_id', '=', accountId).execute();
}

export async function deleteOwnScheduled(db: Db, accountId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('scheduled_statuses').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ids of the posts due at `now`, earliest first. */
export async function dueScheduledIds(db: Db, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('scheduled_statuses')
    .select('id')
    .where('scheduled_at', '<=', now)
    .orderBy('scheduled_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Takes a due post for publication: the DELETE succeeds in one process only, so two checks running at once
 * cannot both publish it. Undefined when another process took it first.
 */
export async function claimScheduled(db: Db, id: string): Promise<ScheduledRow | undefined> {
  return db.deleteFrom('scheduled_statuses').where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * Reserves the uploads a scheduled post names for it; answers false when one is no longer the author's free upload
 * (the caller rolls back).
 */
export async function reserveMedia(db: Db, scheduledId: string, accountId: string, mediaIds: string[]): Promise<boolean> {
  if (mediaIds.length === 0) return true;
  const r = await db
    .updateTable('media_attachments')
    .set({ scheduled_status_id: scheduledId })
    .where('id', 'in', mediaIds)
    .where('account_id', '=', accountId)
    .where('status_id', 'is', null)
    .where('edited_out_of', 'is', null)
    .where('scheduled_status_id', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === mediaIds.length;
}

/** Frees the uploads a scheduled post had reserved (it is being published or was cancelled). */
export async function releaseMedia(db: Db, scheduledId: string): Promise<void> {
  await db.updateTable('media_attachments').set({ scheduled_status_id: null }).where('scheduled_status_id', '=', scheduledId).execute();
}
