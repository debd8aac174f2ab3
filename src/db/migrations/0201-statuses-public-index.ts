import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

// The public timeline, ordered by id: without statistics SQLite preferred statuses_reblog (reblog_of_id IS NULL
// looks selective) and sorted every public post. Leading with reblog_of_id lets the same equality also give the order.
export async function up(db: Kysely<unknown>, _ctx: MigrationContext): Promise<void> {
  await sql`CREATE INDEX statuses_public_timeline ON statuses (reblog_of_id, id) WHERE visibility = 'public' AND reblog_of_id IS NULL AND state = 'published' AND limited = 0`.execute(
    db,
  );
}
