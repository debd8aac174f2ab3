import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Moving accounts (issue 16): the aliases a local account names (its `alsoKnownAs`, the accounts it may be moved
// from), and where an account moved to (Mastodon's `moved`). No foreign key on moved_to_account_id: a restore
// copies accounts in id order, and a move may point at a later row.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const s = db.schema;
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await s.alterTable('accounts').addColumn('moved_to_account_id', id).execute();
  await s.alterTable('accounts').addColumn('moved_at', 'text').execute();
  await s
    .createTable('account_aliases')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_aliases_unique', ['account_id', 'uri'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_aliases').execute();
  await db.schema.alterTable('accounts').dropColumn('moved_at').execute();
  await db.schema.alterTable('accounts').dropColumn('moved_to_account_id').execute();
}
