import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.js';

// FTS5 normally records a delete as a tombstone beside the old entry, which stays in the index (and the file)
// until segments merge. 'secure-delete' removes the entry itself, so a deleted post's words leave the index at
// once. The setting is kept in the table; FTS5 before SQLite 3.44 can no longer open it (better-sqlite3 bundles a
// newer one). PostgreSQL: nothing to do (docs/operations.md, "What a delete leaves on disk").
export async function up(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`INSERT INTO statuses_fts(statuses_fts, rank) VALUES ('secure-delete', 1)`.execute(db);
}

export async function down(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`INSERT INTO statuses_fts(statuses_fts, rank) VALUES ('secure-delete', 0)`.execute(db);
}
