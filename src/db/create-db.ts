import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { NormalizeIntegersPlugin, normalizeInt } from './normalize-plugin.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'pg';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * DATABASE_URL picks the dialect: `sqlite:/path/file.sqlite` (the default, WAL), `postgres://...`,
 * or `pglite:memory` (PostgreSQL in-process, for tests on a machine without a server).
 * A `?schema=name` on a postgres URL confines the connection to that schema (used by tests).
 */
export async function createDb(databaseUrl: string): Promise<Database> {
  if (databaseUrl.startsWith('sqlite:')) return createSqlite(databaseUrl.slice('sqlite:'.length));
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) return createPg(databaseUrl);
  if (databaseUrl.startsWith('pglite:')) return createPglite(databaseUrl.slice('pglite:'.length));
  throw new Error(`DATABASE_URL must start with sqlite:, postgres:// or pglite: (got "${databaseUrl.split(':')[0]}:")`);
}

async function createSqlite(path: string): Promise<Database> {
  const { default: SQLite } = await import('better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.defaultSafeIntegers(true);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new NormalizeIntegersPlugin()] });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

async function createPg(url: string): Promise<Database> {
  const pg = await import('pg');
  const { types, Pool } = pg.default;
  types.setTypeParser(20, (v: string) => normalizeInt(v));
  types.setTypeParser(1700, (v: string) => Number(v));
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new Pool({
    connectionString: parsed.toString(),
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new NormalizeIntegersPlugin()] });
  return { db, dialect: 'pg', close: () => db.destroy() };
}

async function createPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const pglite = new PGlite(dataDir === 'memory' ? undefined : dataDir, {
    parsers: { 20: (v: string) => normalizeInt(v), 1700: (v: string) => Number(v) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new NormalizeIntegersPlugin()] });
  return { db, dialect: 'pg', close: () => db.destroy() };
}
