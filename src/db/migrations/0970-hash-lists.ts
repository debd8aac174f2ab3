import type { Kysely } from 'kysely';

// Hash lists of known violent or terrorist content, as hash-sharing programmes publish them: PDQ hashes for
// near matches, md5 and sha256 for exact ones. One row per hash per list; a list is its `source` name.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hash_list_entries')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hash_list_entries_pk', ['source', 'kind', 'hash'])
    .execute();
  // Exact (md5, sha256) lookups by hash, whatever the list.
  await db.schema.createIndex('hash_list_entries_hash').on('hash_list_entries').columns(['kind', 'hash']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hash_list_entries').execute();
}
