import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Mastodon 4.5 lets a quoted author revoke a quote: the quoting post keeps its quote_of_id, marked 'revoked'.
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('statuses')
    .addColumn('quote_state', 'text', (c) => c.notNull().defaultTo('accepted'))
    .execute();
}
