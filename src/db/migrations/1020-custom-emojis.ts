import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Custom emojis staff add (issue 13, point 3): the image and, for an animated one, a still PNG, both in media
// storage under content-addressed keys.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('custom_emojis')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('shortcode', 'text', (c) => c.notNull().unique())
    .addColumn('category', 'text')
    .addColumn('visible_in_picker', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('static_path', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('custom_emojis').execute();
}
