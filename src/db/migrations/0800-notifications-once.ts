import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

// The types a post's fan-out (a BullMQ job, retried up to three times) or a favourite creates: at most one
// per recipient, sender and post, so a retry after a partial run cannot notify twice. Undoing a favourite or
// an echo deletes its notification, so doing it again notifies again, as in Mastodon. `update` and
// `quoted_update` stay out: every edit of a post notifies anew.
const ONCE_TYPES = sql.raw(`('mention', 'status', 'reblog', 'quote', 'favourite')`);

export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  // Keep the earliest of any duplicates recorded before the index existed.
  await sql`
    delete from notifications
    where type in ${ONCE_TYPES} and status_id is not null
      and id not in (
        select min(id) from notifications
        where type in ${ONCE_TYPES} and status_id is not null
        group by account_id, type, from_account_id, status_id
      )`.execute(db);
  await sql`
    create unique index notifications_once on notifications (account_id, type, from_account_id, status_id)
    where type in ${ONCE_TYPES}`.execute(db);
}

export async function down(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await sql`drop index notifications_once`.execute(db);
}
