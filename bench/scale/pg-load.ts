import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createDb } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';

/**
 * A fresh PostgreSQL database `name` holding the seeded community, copied from `<name>_seed`, which is loaded from
 * the SQLite file once per community (its key kept as the database's comment) and reused by later runs.
 */
export async function preparePostgres(sqlitePath: string, key: string, adminUrl: string, name: string, log: (m: string) => void): Promise<string> {
  const seedName = `${name}_seed`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const cached = await admin.query<{ description: string }>(
      'SELECT d.description FROM pg_shdescription d JOIN pg_database b ON b.oid = d.objoid WHERE b.datname = $1',
      [seedName],
    );
    if (cached.rows[0]?.description === key) log(`Using the cached PostgreSQL community ${seedName}`);
    else {
      await admin.query(`DROP DATABASE IF EXISTS ${seedName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${seedName}`);
      await loadInto(sqlitePath, withDatabase(adminUrl, seedName), log);
      await admin.query(`COMMENT ON DATABASE ${seedName} IS '${key.replace(/'/g, '')}'`);
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${seedName}`);
  } finally {
    await admin.end();
  }
  return withDatabase(adminUrl, name);
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Copies the seeded SQLite community into the empty PostgreSQL database at target, migrated by the app's own
 * migrations. Secondary indexes are dropped during the load and built after it, as the SQLite seed does; rows go
 * in multi-row INSERTs, one transaction per table.
 */
async function loadInto(sqlitePath: string, target: string, log: (m: string) => void): Promise<void> {
  const database = await createDb(target);
  await migrateToLatest(database.db, database.dialect);
  await database.close();

  const client = new pg.Client({ connectionString: target });
  await client.connect();
  const sqlite = new SQLite(sqlitePath, { readonly: true });
  sqlite.defaultSafeIntegers(true);
  try {
    const indexes = (
      await client.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      )
    ).rows;
    for (const i of indexes) await client.query(`DROP INDEX "${i.indexname}"`);
    await client.query('SET session_replication_role = replica'); // no triggers nor foreign-key checks while copying
    const tables = (
      sqlite
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' AND name NOT LIKE '%fts%'`)
        .all() as Array<{ name: string }>
    ).map((t) => t.name);
    for (const table of tables) {
      const pgColumns = new Set(
        (
          await client.query<{ column_name: string }>(
            `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`,
            [table],
          )
        ).rows.map((r) => r.column_name),
      );
      if (pgColumns.size === 0 || table.startsWith('tribune_migration')) continue;
      // Rows the migrations wrote (settings) make way for the seeded ones.
      if ((await client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rowCount) await client.query(`DELETE FROM "${table}"`);
      const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name).filter((c) => pgColumns.has(c));
      const started = Date.now();
      const batch = Math.max(1, Math.floor(30_000 / columns.length));
      const select = sqlite.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw(true);
      let rows: unknown[][] = [];
      let n = 0;
      const flush = async () => {
        if (rows.length === 0) return;
        const params: unknown[] = [];
        const tuples = rows.map((r) => `(${r.map((v) => `$${params.push(typeof v === 'bigint' ? v.toString() : v)}`).join(',')})`);
        await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(',')}`, params);
        n += rows.length;
        rows = [];
      };
      await client.query('BEGIN');
      for (const row of select.iterate() as Iterable<unknown[]>) {
        rows.push(row);
        if (rows.length >= batch) await flush();
      }
      await flush();
      await client.query('COMMIT');
      if (n > 0) log(`  ${table}: ${n.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await client.query('SET session_replication_role = origin');
    const started = Date.now();
    for (const i of indexes) await client.query(i.indexdef);
    await client.query('ANALYZE');
    log(`  ${indexes.length} indexes built and ANALYZE in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    sqlite.close();
    await client.end();
  }
}
