import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

// The core social graph and content. IDs are 64-bit integers (INTEGER PRIMARY KEY is SQLite's rowid alias).
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const id = dialect === 'pg' ? 'bigint' : 'integer';
  const ref = id;
  const bool = 'integer';
  const s = db.schema;

  await s
    .createTable('accounts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_lower', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('avatar_path', 'text')
    .addColumn('header_path', 'text')
    .addColumn('fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('locked', bool, (c) => c.notNull().defaultTo(0))
    .addColumn('bot', bool, (c) => c.notNull().defaultTo(0))
    .addColumn('discoverable', bool, (c) => c.notNull().defaultTo(1))
    .addColumn('badges', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('followers_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('following_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('statuses_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status_at', 'text')
    .addColumn('suspended_at', 'text')
    .addColumn('suspended_until', 'text')
    .addColumn('limited_at', 'text')
    .addColumn('sensitized_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('users')
    .addColumn('account_id', ref, (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_lower', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
    .addColumn('approved', bool, (c) => c.notNull().defaultTo(1))
    .addColumn('confirmed', bool, (c) => c.notNull().defaultTo(1))
    .addColumn('disabled', bool, (c) => c.notNull().defaultTo(0))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('reason', 'text')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_sign_in_at', 'text')
    .addColumn('last_sign_in_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('oauth_apps')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('website', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('client_secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', ref, (c) => c.notNull().references('oauth_apps.id').onDelete('cascade'))
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text')
    .addColumn('code_challenge_method', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('oauth_tokens')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('app_id', ref, (c) => c.references('oauth_apps.id').onDelete('cascade'))
    .addColumn('account_id', ref, (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await s.createIndex('oauth_tokens_account').on('oauth_tokens').column('account_id').execute();

  for (const table of ['follows', 'follow_requests']) {
    await s
      .createTable(table)
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('target_account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('show_reblogs', bool, (c) => c.notNull().defaultTo(1))
      .addColumn('notify', bool, (c) => c.notNull().defaultTo(0))
      .$call((t) => (table === 'follows' ? t.addColumn('languages', 'text') : t))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint(`${table}_pair`, ['account_id', 'target_account_id'])
      .execute();
    await s.createIndex(`${table}_target`).on(table).columns(['target_account_id', 'id']).execute();
  }

  await s
    .createTable('blocks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('blocks_pair', ['account_id', 'target_account_id'])
    .execute();
  await s.createIndex('blocks_target').on('blocks').column('target_account_id').execute();

  await s
    .createTable('mutes')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('target_account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('hide_notifications', bool, (c) => c.notNull().defaultTo(1))
    .addColumn('expires_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mutes_pair', ['account_id', 'target_account_id'])
    .execute();

  await s
    .createTable('conversations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // No foreign keys to other statuses: a deleted post is purged, and its replies and echoes keep a dangling id.
  await s
    .createTable('statuses')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('sensitive', bool, (c) => c.notNull().defaultTo(0))
    .addColumn('language', 'text')
    .addColumn('in_reply_to_id', ref)
    .addColumn('in_reply_to_account_id', ref)
    .addColumn('reblog_of_id', ref)
    .addColumn('quote_of_id', ref)
    .addColumn('conversation_id', ref)
    .addColumn('application_id', ref)
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('published'))
    .addColumn('limited', bool, (c) => c.notNull().defaultTo(0))
    .addColumn('replies_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reblogs_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('favourites_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quotes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('upvotes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downvotes_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .execute();
  await s.createIndex('statuses_account').on('statuses').columns(['account_id', 'id']).execute();
  await s.createIndex('statuses_reply').on('statuses').columns(['in_reply_to_id', 'id']).execute();
  await s.createIndex('statuses_reblog').on('statuses').columns(['reblog_of_id', 'account_id']).execute();
  await s.createIndex('statuses_quote').on('statuses').columns(['quote_of_id']).execute();
  await s.createIndex('statuses_conversation').on('statuses').columns(['conversation_id', 'id']).execute();
  // The public timeline: a partial index holds only what it may show.
  await sql`CREATE INDEX statuses_public ON statuses (id) WHERE visibility = 'public' AND reblog_of_id IS NULL AND state = 'published' AND limited = 0`.execute(
    db,
  );

  await s
    .createTable('status_edits')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('spoiler_text', 'text', (c) => c.notNull())
    .addColumn('sensitive', bool, (c) => c.notNull().defaultTo(0))
    .addColumn('media_ids', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('status_edits_status').on('status_edits').columns(['status_id', 'id']).execute();

  await s
    .createTable('mentions')
    .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('mentions_pk', ['status_id', 'account_id'])
    .execute();
  await s.createIndex('mentions_account').on('mentions').columns(['account_id', 'status_id']).execute();

  await s
    .createTable('tags')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_status_at', 'text')
    .execute();

  await s
    .createTable('status_tags')
    .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('tag_id', ref, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('account_id', ref, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_tags_pk', ['status_id', 'tag_id'])
    .execute();
  await s.createIndex('status_tags_tag').on('status_tags').columns(['tag_id', 'status_id']).execute();
  await s.createIndex('status_tags_time').on('status_tags').columns(['created_at']).execute();

  for (const table of ['favourites', 'bookmarks', 'pins']) {
    await s
      .createTable(table)
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint(`${table}_pair`, ['account_id', 'status_id'])
      .execute();
    await s.createIndex(`${table}_status`).on(table).column('status_id').execute();
  }

  await s
    .createTable('status_votes')
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_votes_pk', ['account_id', 'status_id'])
    .execute();
  await s.createIndex('status_votes_status').on('status_votes').column('status_id').execute();

  await s
    .createTable('feed_entries')
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', ref, (c) => c.notNull().references('statuses.id').onDelete('cascade'))
    .addColumn('author_id', ref, (c) => c.notNull())
    .addColumn('reblog_of_id', ref)
    .addPrimaryKeyConstraint('feed_entries_pk', ['account_id', 'status_id'])
    .execute();
  await s.createIndex('feed_entries_author').on('feed_entries').columns(['account_id', 'author_id']).execute();
  await s.createIndex('feed_entries_status').on('feed_entries').column('status_id').execute();

  await s
    .createTable('notifications')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('from_account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status_id', ref, (c) => c.references('statuses.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('notifications_account').on('notifications').columns(['account_id', 'id']).execute();
  await s.createIndex('notifications_status').on('notifications').column('status_id').execute();

  await s
    .createTable('account_conversations')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('conversation_id', ref, (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('participant_ids', 'text', (c) => c.notNull())
    .addColumn('last_status_id', ref)
    .addColumn('unread', bool, (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('account_conversations_pair', ['account_id', 'conversation_id'])
    .execute();

  await s
    .createTable('media_attachments')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('account_id', ref, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status_id', ref, (c) => c.references('statuses.id').onDelete('set null'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text')
    .addColumn('preview_path', 'text')
    .addColumn('content_type', 'text')
    .addColumn('description', 'text')
    .addColumn('blurhash', 'text')
    .addColumn('meta', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('media_attachments_status').on('media_attachments').column('status_id').execute();

  await s
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Full-text search of posts: FTS5 kept in step by triggers on SQLite, a generated tsvector on PostgreSQL.
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE statuses_fts USING fts5(text, content='statuses', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE TRIGGER statuses_fts_insert AFTER INSERT ON statuses BEGIN INSERT INTO statuses_fts(rowid, text) VALUES (new.id, new.text); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER statuses_fts_delete AFTER DELETE ON statuses BEGIN INSERT INTO statuses_fts(statuses_fts, rowid, text) VALUES ('delete', old.id, old.text); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER statuses_fts_update AFTER UPDATE OF text ON statuses BEGIN INSERT INTO statuses_fts(statuses_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO statuses_fts(rowid, text) VALUES (new.id, new.text); END`.execute(
      db,
    );
  } else {
    await sql`ALTER TABLE statuses ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED`.execute(db);
    await sql`CREATE INDEX statuses_search ON statuses USING gin (search_vector)`.execute(db);
  }
}
