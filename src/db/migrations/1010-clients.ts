import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// What Mastodon clients call at start-up and Tribune now does for real (issue 13, points 3 and 4): announcements
// with their reads and reactions, featured tags, endorsements, notification requests (a filtered notification
// is stored with `filtered` = 1 and shown under its request), and the cache of post translations.
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  await db.schema
    .createTable('announcements')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    // JSON arrays of the accounts and tags the text names, as rendered when it was last written.
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'text')
    .addColumn('created_by', id, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('announcement_reads')
    .addColumn('announcement_id', id, (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('announcement_reads_pk', ['announcement_id', 'account_id'])
    .execute();
  await db.schema
    .createTable('announcement_reactions')
    .addColumn('announcement_id', id, (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('announcement_reactions_pk', ['announcement_id', 'account_id', 'name'])
    .execute();

  await db.schema
    .createTable('featured_tags')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('tag_id', id, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('featured_tags_account_tag').on('featured_tags').columns(['account_id', 'tag_id']).unique().execute();

  // Endorsements: accounts someone features on their profile (Mastodon's account_pins).
  await db.schema
    .createTable('endorsements')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('endorsements_pair').on('endorsements').columns(['account_id', 'target_account_id']).unique().execute();

  await db.schema
    .alterTable('notifications')
    .addColumn('filtered', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('notification_requests')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('last_status_id', id)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_requests_pair').on('notification_requests').columns(['account_id', 'from_account_id']).unique().execute();
  // Senders whose request was accepted: their notifications pass the policy from then on.
  await db.schema
    .createTable('notification_permissions')
    .addColumn('account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', id, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_permissions_pk', ['account_id', 'from_account_id'])
    .execute();

  // One translation per post, target language and version of the post (`source_at`: its edit time or creation).
  await db.schema
    .createTable('status_translations')
    .addColumn('status_id', id, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('source_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull())
    .addColumn('poll_options', 'text')
    .addColumn('detected_source_language', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_translations_pk', ['status_id', 'language'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'status_translations',
    'notification_permissions',
    'notification_requests',
    'endorsements',
    'featured_tags',
    'announcement_reactions',
    'announcement_reads',
    'announcements',
  ])
    await db.schema.dropTable(t).execute();
  await db.schema.alterTable('notifications').dropColumn('filtered').execute();
}
