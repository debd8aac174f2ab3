import type { Kysely, Transaction } from 'kysely';
import { isConcurrencyAbort } from './constraint-errors.js';
import type { DB } from './schema.js';

export interface TransactionOptions {
  /** Further attempts after PostgreSQL aborts the transaction for a concurrent one's sake (default 3). */
  retries?: number;
  /** The first wait before a retry; each next one doubles, with full jitter (default 15 ms). */
  baseDelayMs?: number;
}

/**
 * Runs `fn` in one transaction, and runs the whole of it again when PostgreSQL aborts it for another's sake: a
 * deadlock (SQLSTATE 40P01) or a serialization failure (40001). Nothing of an aborted attempt was written, so `fn`
 * must only write through `trx` and keep no state across attempts. The waits are random (full jitter), so two
 * writers that deadlocked do not meet again at once. Past `retries`, the error goes on (the API answers it 409).
 * SQLite runs one write transaction at a time and never aborts one this way.
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const retries = opts.retries ?? 3;
  const base = opts.baseDelayMs ?? 15;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (attempt >= retries || !isConcurrencyAbort(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * base * 2 ** attempt));
    }
  }
}
