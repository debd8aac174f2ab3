import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Media uploads (issue 12): an attachment is `processing` until its files are made (video and animated GIFs are
// made by a job), then `ready`, or `failed` with the reason. The raw upload waits under `incoming_key` until then.
// `edited_out_of` keeps an attachment an edit removed from a post, for the post's history, until the post goes.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  const s = db.schema;
  await s
    .alterTable('media_attachments')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('ready'))
    .execute();
  await s.alterTable('media_attachments').addColumn('failure', 'text').execute();
  await s.alterTable('media_attachments').addColumn('incoming_key', 'text').execute();
  await s.alterTable('media_attachments').addColumn('edited_out_of', id).execute();
  // The unattached sweep, and "does any other attachment name this file?" before a file is deleted.
  await s.createIndex('media_attachments_unattached').on('media_attachments').columns(['status_id', 'created_at']).execute();
  await s.createIndex('media_attachments_file').on('media_attachments').column('file_path').execute();
  await s.createIndex('media_attachments_preview').on('media_attachments').column('preview_path').execute();
  await s.createIndex('media_attachments_edited_out_of').on('media_attachments').column('edited_out_of').execute();
}
