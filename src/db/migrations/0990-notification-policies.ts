import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Mastodon 4.3's notification policy, one row per account that changed it (no row: Mastodon's defaults).
// Each field is accept, filter or drop.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('notification_policies')
    .addColumn('account_id', id, (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('for_not_following', 'text', (c) => c.notNull())
    .addColumn('for_not_followers', 'text', (c) => c.notNull())
    .addColumn('for_new_accounts', 'text', (c) => c.notNull())
    .addColumn('for_private_mentions', 'text', (c) => c.notNull())
    .addColumn('for_limited_accounts', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notification_policies').execute();
}
