import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Accounts whose posts are merged into their followers' home timelines at read time instead of being written into
// each home (issue 14): set, for good, by the first fan-out after the account passes FANOUT_ON_READ_FOLLOWERS.
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('fanout_on_read', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
