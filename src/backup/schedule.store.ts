import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

// The scheduled backup's state in the settings table, shared by every process on the database.
const SLOT_KEY = 'backup.slot';
const LAST_KEY = 'backup.last';

/**
 * Takes the backup of period `slot` for this process, if no process took it yet: a compare-and-set on one row, so
 * of several processes ticking at once exactly one wins.
 */
export async function claimBackupSlot(db: Kysely<DB>, slot: number, now: string): Promise<boolean> {
  const value = String(slot);
  const inserted = await db
    .insertInto('settings')
    .values({ key: SLOT_KEY, value, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  const row = await db.selectFrom('settings').select('value').where('key', '=', SLOT_KEY).executeTakeFirst();
  if (!row || Number(row.value) >= slot) return false;
  const updated = await db
    .updateTable('settings')
    .set({ value, updated_at: now })
    .where('key', '=', SLOT_KEY)
    .where('value', '=', row.value)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export interface LastBackup {
  name: string;
  where: string;
  at: string;
  bytes: number;
  seconds: number;
}

export async function saveLastBackup(db: Kysely<DB>, last: LastBackup): Promise<void> {
  const value = JSON.stringify(last);
  await db
    .insertInto('settings')
    .values({ key: LAST_KEY, value, updated_at: last.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: last.at }))
    .execute();
}

export async function loadLastBackup(db: Kysely<DB>): Promise<LastBackup | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', LAST_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as LastBackup) : null;
}
