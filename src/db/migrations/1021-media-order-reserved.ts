import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// A post's attachments keep the order of its `media_ids[]` (Mastodon's ordered_media_attachment_ids), not the order
// in which their uploads finished; attachments already posted keep their id order. Uploads a scheduled post names
// are reserved for it (scheduled_status_id, as Mastodon), so the sweep of unposted uploads leaves them alone.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .alterTable('media_attachments')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('media_attachments').addColumn('scheduled_status_id', id).execute();
  await db.schema.createIndex('media_attachments_scheduled').on('media_attachments').column('scheduled_status_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('media_attachments_scheduled').execute();
  await db.schema.alterTable('media_attachments').dropColumn('scheduled_status_id').execute();
  await db.schema.alterTable('media_attachments').dropColumn('position').execute();
}
