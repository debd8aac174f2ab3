import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

// Listing a person's conversations newest first (by their last post), and finding a thread's rows when a post changes.
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  const s = db.schema;
  await s.createIndex('account_conversations_list').on('account_conversations').columns(['account_id', 'last_status_id']).execute();
  await s.createIndex('account_conversations_conversation').on('account_conversations').column('conversation_id').execute();
  // Dropping an account's notifications when it is blocked, and filtering by sender.
  await s.createIndex('notifications_from').on('notifications').columns(['account_id', 'from_account_id']).execute();
}
