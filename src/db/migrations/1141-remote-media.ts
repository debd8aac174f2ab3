import type { Kysely } from 'kysely';

// Attachments of posts from other servers (issue 16): kept as the remote file's address (Mastodon's `remote_url`),
// not fetched; file_path stays null for them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media_attachments').addColumn('remote_url', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media_attachments').dropColumn('remote_url').execute();
}
