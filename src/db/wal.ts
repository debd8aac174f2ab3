import { type Kysely, sql } from 'kysely';
import { type Dialect, SQLITE_BUSY_TIMEOUT_MS } from './create-db.js';
import type { DB } from './schema.js';

/**
 * SQLite: copies the write-ahead log into the database file and empties the log, which until then keeps the page
 * images a delete replaced (a deleted post's text among them). It waits for no other process: while one still reads
 * an older snapshot the log cannot be emptied, and this answers false (run it again later). PostgreSQL: nothing to
 * do here (its dead tuples wait for VACUUM; see docs/operations.md).
 */
export async function truncateWal(db: Kysely<DB>, dialect: Dialect): Promise<boolean> {
  if (dialect !== 'sqlite') return true;
  // The checkpoint thread (wal-checkpointer.ts) or a short read may hold the log for a moment: a few tries apart.
  for (let attempt = 1; ; attempt++) {
    if (await truncateOnce(db)) return true;
    if (attempt === TRUNCATE_TRIES) return false;
    await new Promise((resolve) => setTimeout(resolve, TRUNCATE_PAUSE_MS));
  }
}

const TRUNCATE_TRIES = 5;
const TRUNCATE_PAUSE_MS = 20;

function truncateOnce(db: Kysely<DB>): Promise<boolean> {
  // One connection throughout, so no other query runs while the busy timeout is off.
  return db.connection().execute(async (conn) => {
    await sql`PRAGMA busy_timeout = 0`.execute(conn);
    try {
      const r = await sql<{ busy: number | bigint }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(conn);
      return Number(r.rows[0]?.busy ?? 1) === 0;
    } catch {
      return false;
    } finally {
      await sql.raw(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`).execute(conn);
    }
  });
}
