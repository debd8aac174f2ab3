import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Keyword filters (Mastodon's v2 filters): a filter groups keywords and posts, applies in some contexts, and
// may expire. The v1 API maps onto the same rows (one keyword per v1 filter).
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('filters')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // JSON array of contexts: home, notifications, public, thread, account.
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('filter_action', 'text', (c) => c.notNull().defaultTo('warn'))
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filters_account').on('filters').column('account_id').execute();
  await db.schema
    .createTable('filter_keywords')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('filter_id', id, (c) => c.notNull().references('filters.id').onDelete('cascade'))
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('whole_word', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filter_keywords_filter').on('filter_keywords').column('filter_id').execute();
  await db.schema
    .createTable('filter_statuses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('filter_id', id, (c) => c.notNull().references('filters.id').onDelete('cascade'))
    .addColumn('status_id', id, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('filter_statuses_once', ['filter_id', 'status_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('filter_statuses').execute();
  await db.schema.dropTable('filter_keywords').execute();
  await db.schema.dropTable('filters').execute();
}
