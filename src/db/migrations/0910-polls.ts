import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

// Polls (Mastodon's Poll entity): one per post, its options in order, and one vote row per voter and choice.
// The counters on polls and poll_options move in the same transaction as the vote rows.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('polls')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('status_id', id, (c) => c.notNull().unique().references('statuses.id').onDelete('cascade'))
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('multiple', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hide_totals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('votes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('voters_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // Set once the `poll` notifications went out (the expiry sweep skips it from then on).
    .addColumn('notified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index polls_due on polls (expires_at) where notified_at is null`.execute(db);
  await db.schema
    .createTable('poll_options')
    .addColumn('poll_id', id, (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('votes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('poll_options_pk', ['poll_id', 'position'])
    .execute();
  await db.schema
    .createTable('poll_votes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('poll_id', id, (c) => c.notNull().references('polls.id').onDelete('cascade'))
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('choice', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('poll_votes_once', ['poll_id', 'account_id', 'choice'])
    .execute();
  await db.schema.createIndex('poll_votes_account').on('poll_votes').column('account_id').execute();
  // A poll ends once: at most one `poll` notification per recipient and post, whichever process sweeps.
  await sql`create unique index notifications_poll_once on notifications (account_id, status_id) where type = 'poll'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index notifications_poll_once`.execute(db);
  await db.schema.dropTable('poll_votes').execute();
  await db.schema.dropTable('poll_options').execute();
  await db.schema.dropTable('polls').execute();
}
