import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Posts: quote policy, idempotent posting, muted threads, followed tags, and the indexes the list endpoints read.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const ref = dialect === 'pg' ? 'bigint' : 'integer';
  const s = db.schema;

  // Mastodon 4.5's quote_approval_policy: public | followers | nobody.
  await s
    .alterTable('statuses')
    .addColumn('quote_policy', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();

  await s
    .createTable('status_idempotency')
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_idempotency_pk', ['account_id', 'key'])
    .execute();

  await s
    .createTable('conversation_mutes')
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('conversation_id', ref, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_mutes_pk', ['account_id', 'conversation_id'])
    .execute();

  await s
    .createTable('tag_follows')
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag_id', ref, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_follows_pk', ['account_id', 'tag_id'])
    .execute();

  // Listing someone's favourites, bookmarks and pins newest first.
  await s.createIndex('favourites_account_id').on('favourites').columns(['account_id', 'id']).execute();
  await s.createIndex('bookmarks_account_id').on('bookmarks').columns(['account_id', 'id']).execute();
  await s.createIndex('pins_account_id').on('pins').columns(['account_id', 'id']).execute();
  await s.createIndex('media_attachments_account').on('media_attachments').columns(['account_id', 'id']).execute();
}
