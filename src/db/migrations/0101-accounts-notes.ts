import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Private notes a person keeps about other accounts (Mastodon's Relationship.note).
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('account_notes')
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_notes_pk', ['account_id', 'target_account_id'])
    .execute();
}
