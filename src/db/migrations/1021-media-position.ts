import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// A post's attachments keep the order of its `media_ids[]` (Mastodon's ordered_media_attachment_ids), not the order
// in which their uploads finished. Attachments already posted keep their id order.
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await db.schema
    .alterTable('media_attachments')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media_attachments').dropColumn('position').execute();
}
