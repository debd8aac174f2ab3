import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Domain blocks (issue 16): servers an admin suspends or silences (Mastodon's admin domain blocks), and servers a
// person blocks for themselves (Mastodon's /api/v1/domain_blocks).
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const s = db.schema;
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await s
    .createTable('domain_blocks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('domain', 'text', (c) => c.notNull().unique())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('reject_media', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reject_reports', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('obfuscate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('private_comment', 'text')
    .addColumn('public_comment', 'text')
    // When the severity last reached the domain's accounts: lifting it undoes only what it did then.
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('account_domain_blocks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_domain_blocks_unique', ['account_id', 'domain'])
    .execute();
  await s.createIndex('accounts_domain').on('accounts').column('domain').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('accounts_domain').execute();
  await db.schema.dropTable('account_domain_blocks').execute();
  await db.schema.dropTable('domain_blocks').execute();
}
