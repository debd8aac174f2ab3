import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Federation (issue 16): Fedify's key-value store and message queue on Tribune's own database (delivery survives a
// restart), each local actor's key pairs, and the origin of remote accounts and posts.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const s = db.schema;
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await s
    .createTable('federation_kv')
    // The key as JSON (an array of strings): a prefix of it is a prefix of the text.
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await s
    .createTable('federation_queue')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    // Taken by a process until then; a process that died while handling it leaves it to be taken again.
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('federation_queue_due').on('federation_queue').columns(['run_at', 'id']).execute();
  await s
    .createTable('federation_keys')
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('federation_keys_pk', ['account_id', 'kind'])
    .execute();
  // Remote accounts live beside local ones: `domain` null is local; username_lower is `name@domain` for a remote one.
  for (const column of ['domain', 'uri', 'url', 'inbox_url', 'shared_inbox_url', 'followers_url'])
    await s.alterTable('accounts').addColumn(column, 'text').execute();
  await s.createIndex('accounts_uri').unique().on('accounts').column('uri').execute();
  for (const column of ['uri', 'url']) await s.alterTable('statuses').addColumn(column, 'text').execute();
  await s.createIndex('statuses_uri').unique().on('statuses').column('uri').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s.dropIndex('statuses_uri').execute();
  for (const column of ['uri', 'url']) await s.alterTable('statuses').dropColumn(column).execute();
  await s.dropIndex('accounts_uri').execute();
  for (const column of ['domain', 'uri', 'url', 'inbox_url', 'shared_inbox_url', 'followers_url']) await s.alterTable('accounts').dropColumn(column).execute();
  await s.dropTable('federation_keys').execute();
  await s.dropTable('federation_queue').execute();
  await s.dropTable('federation_kv').execute();
}
