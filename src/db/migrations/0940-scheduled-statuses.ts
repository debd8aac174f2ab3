import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Scheduled posts (Mastodon's ScheduledStatus): the post's parameters wait here, as JSON, until the
// periodic check publishes them and deletes the row.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('scheduled_statuses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduled_statuses_due').on('scheduled_statuses').column('scheduled_at').execute();
  await db.schema.createIndex('scheduled_statuses_account').on('scheduled_statuses').columns(['account_id', 'scheduled_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scheduled_statuses').execute();
}
