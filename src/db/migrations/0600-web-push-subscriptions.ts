import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Web Push subscriptions (Mastodon's /api/v1/push/subscription): one per access token.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('token_id', id, (c) => c.notNull().unique().references('oauth_tokens.id').onDelete('cascade'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('key_p256dh', 'text', (c) => c.notNull())
    .addColumn('key_auth', 'text', (c) => c.notNull())
    .addColumn('alerts', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('policy', 'text', (c) => c.notNull().defaultTo('all'))
    .addColumn('standard', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_account').on('push_subscriptions').column('account_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('push_subscriptions').execute();
}
