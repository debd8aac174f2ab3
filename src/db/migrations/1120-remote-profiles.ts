import type { Kysely } from 'kysely';

// Remote profiles and lookups (issue 16): the avatar and header a remote account's actor document names (its own
// server's URLs; local accounts keep their files in avatar_path and header_path), and remote posts and accounts
// found by the page URL a reader pastes into search.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('avatar_remote_url', 'text').execute();
  await db.schema.alterTable('accounts').addColumn('header_remote_url', 'text').execute();
  await db.schema.createIndex('statuses_url').on('statuses').column('url').execute();
  await db.schema.createIndex('accounts_url').on('accounts').column('url').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('accounts_url').execute();
  await db.schema.dropIndex('statuses_url').execute();
  await db.schema.alterTable('accounts').dropColumn('header_remote_url').execute();
  await db.schema.alterTable('accounts').dropColumn('avatar_remote_url').execute();
}
