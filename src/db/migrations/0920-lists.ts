import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Mastodon's lists: https://docs.joinmastodon.org/entities/List/ . A member is always someone the owner
// follows; the relationships area removes the row when the follow ends.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('lists')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('replies_policy', 'text', (c) => c.notNull().defaultTo('list'))
    .addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lists_account').on('lists').columns(['account_id', 'id']).execute();
  await db.schema
    .createTable('list_accounts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('list_id', id, (c) => c.notNull().references('lists.id').onDelete('cascade'))
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('list_accounts_member').on('list_accounts').columns(['list_id', 'account_id']).unique().execute();
  // Fan-out asks which lists hold an author; an unfollow removes the author from them.
  await db.schema.createIndex('list_accounts_account').on('list_accounts').columns(['account_id', 'list_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('list_accounts').execute();
  await db.schema.dropTable('lists').execute();
}
