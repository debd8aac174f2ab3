import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Sign-in sessions for the OAuth pages, posting defaults (Mastodon's source[privacy|sensitive|language]) and markers.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  const s = db.schema;

  await s
    .createTable('web_sessions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_agent', 'text')
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('web_sessions_account').on('web_sessions').column('account_id').execute();

  await s
    .alterTable('users')
    .addColumn('default_privacy', 'text', (c) => c.notNull().defaultTo('public'))
    .execute();
  await s
    .alterTable('users')
    .addColumn('default_sensitive', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await s.alterTable('users').addColumn('default_language', 'text').execute();

  await s
    .createTable('markers')
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('timeline', 'text', (c) => c.notNull())
    .addColumn('last_read_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('markers_pk', ['account_id', 'timeline'])
    .execute();
}
