import { SqliteAdapter, sql, type Transaction } from 'kysely';
import type { DB } from './schema.js';

// A non-key column per lockable table, for SQLite's no-op update.
const UNKEYED = { statuses: 'edited_at', accounts: 'updated_at' } as const;

/**
 * Takes a row's write lock for the rest of the transaction, as the first statement of a write that reads then
 * changes: concurrent writers queue there and each then sees what the one before committed. False when the row
 * is gone. PostgreSQL: SELECT ... FOR UPDATE, the strongest row lock, so a writer already holding the row's
 * foreign-key share lock (a reply, a favourite) never deadlocks with a later delete of it. SQLite runs one write
 * transaction at a time; a no-op update takes that write lock at once.
 */
export async function lockRow(trx: Transaction<DB>, table: keyof typeof UNKEYED, id: string): Promise<boolean> {
  if (trx.getExecutor().adapter instanceof SqliteAdapter) {
    const column = sql.ref(UNKEYED[table]);
    const r = await sql`update ${sql.table(table)} set ${column} = ${column} where id = ${id}`.execute(trx);
    return Number(r.numAffectedRows ?? 0) > 0;
  }
  const r = await sql`select 1 from ${sql.table(table)} where id = ${id} for update`.execute(trx);
  return r.rows.length > 0;
}
