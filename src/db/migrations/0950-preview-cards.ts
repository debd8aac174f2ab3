import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Link preview cards (Mastodon's PreviewCard): one row per fetched URL, shared by every post linking it, and
// the link from a post to its card. A failed fetch is a row too (`error` set), so the URL is not fetched again soon.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('preview_cards')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('link'))
    .addColumn('author_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('provider_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('image_url', 'text')
    .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('language', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createTable('status_cards')
    .addColumn('status_id', id, (c) => c.primaryKey().references('statuses.id').onDelete('cascade'))
    .addColumn('card_id', id, (c) => c.notNull().references('preview_cards.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('status_cards_card').on('status_cards').column('card_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('status_cards').execute();
  await db.schema.dropTable('preview_cards').execute();
}
