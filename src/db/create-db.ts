import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { NormalizeIntegersPlugin, normalizeInt } from './normalize-plugin.js';
import type { DB } from './schema.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

export type Dialect = 'sqlite' | 'pg';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
  /** PostgreSQL's connection pool: connections open, idle, and queries waiting for one (for /metrics). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
}

/**
 * DATABASE_URL picks the dialect: `sqlite:/path/file.sqlite` (the default, WAL), `postgres://...`,
 * or `pglite:memory` (PostgreSQL in-process, for tests on a machine without a server; `?from=file` loads a
 * data directory saved by savePgliteDataDir).
 * A `?schema=name` on a postgres URL confines the connection to that schema (used by tests).
 */
export async function createDb(databaseUrl: string, opts: { poolMax?: number } = {}): Promise<Database> {
  if (databaseUrl.startsWith('sqlite:')) return createSqlite(databaseUrl.slice('sqlite:'.length));
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) return createPg(databaseUrl, opts.poolMax ?? 10);
  if (databaseUrl.startsWith('pglite:')) return createPglite(databaseUrl.slice('pglite:'.length));
  throw new Error(`DATABASE_URL must start with sqlite:, postgres:// or pglite: (got "${databaseUrl.split(':')[0]}:")`);
}

/** How long a SQLite statement waits for another process's lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

async function createSqlite(path: string): Promise<Database> {
  const { default: SQLite } = await import('better-sqlite3');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros, not left readable in free pages (a deleted post must be gone).
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('cache_size = -65536');
  sqlite.defaultSafeIntegers(true);
  cacheStatements(sqlite);
  // Checkpoints run on a thread of their own, never inside a statement on the event loop (wal-checkpointer.ts).
  const checkpointer = path === ':memory:' ? null : startWalCheckpointer(path, () => sqlite.open && sqlite.pragma('wal_autocheckpoint = 1000'));
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new NormalizeIntegersPlugin()] });
  return {
    db,
    dialect: 'sqlite',
    // The checkpointer's connection first, so this one is the last to close and empties the log.
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

const STATEMENT_CACHE_SIZE = 2000;

/**
 * Kysely prepares every query anew, and preparing costs more than running most of ours: statements are kept by SQL
 * text, least recently used dropped first. A statement still iterating (Kysely's streamQuery) is not handed out
 * twice: a fresh one is prepared. Statements keep the connection's safe-integer mode, set before any is prepared.
 */
function cacheStatements(sqlite: import('better-sqlite3').Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const statements = new Map<string, ReturnType<typeof prepare>>();
  sqlite.prepare = ((source: string) => {
    const hit = statements.get(source);
    if (hit) {
      if (hit.busy) return prepare(source);
      statements.delete(source);
      statements.set(source, hit);
      return hit;
    }
    const stmt = prepare(source);
    if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    statements.set(source, stmt);
    return stmt;
  }) as typeof sqlite.prepare;
}

async function createPg(url: string, max: number): Promise<Database> {
  const pg = await import('pg');
  const { types, Pool } = pg.default;
  types.setTypeParser(20, (v: string) => normalizeInt(v));
  types.setTypeParser(1700, (v: string) => Number(v));
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const pool = new Pool({
    connectionString: parsed.toString(),
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection that the server ends (restart, failover, a dropped database) emits 'error' on the pool;
  // unhandled, it would crash the process. The pool replaces it on the next query.
  pool.on('error', (err) => console.warn(`PostgreSQL connection lost (${err.message}); it will be replaced.`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new NormalizeIntegersPlugin()] });
  const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max });
  return { db, dialect: 'pg', close: () => db.destroy(), poolStats };
}

async function createPglite(spec: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  // `pglite:memory?from=/path/data.tar`: start from a saved data directory (tests load a migrated one
  // instead of running initdb, which takes seconds, for every database).
  const [dataDir, query] = spec.split('?', 2) as [string, string | undefined];
  const from = query ? new URLSearchParams(query).get('from') : null;
  const pglite = new PGlite(dataDir === 'memory' ? undefined : dataDir, {
    parsers: { 20: (v: string) => normalizeInt(v), 1700: (v: string) => Number(v) },
    ...(from ? { loadDataDir: new Blob([readFileSync(from)]) } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new NormalizeIntegersPlugin()] });
  return { db, dialect: 'pg', close: () => db.destroy() };
}

/** Saves an in-memory PGlite database, after `prepare` ran on it, as a data directory `pglite:memory?from=` can load. */
export async function savePgliteDataDir(file: string, prepare: (database: Database) => Promise<void>): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const pglite = new PGlite({ parsers: { 20: (v: string) => normalizeInt(v), 1700: (v: string) => Number(v) } });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new NormalizeIntegersPlugin()] });
  await prepare({ db, dialect: 'pg', close: () => db.destroy() });
  const dump = await pglite.dumpDataDir('none');
  // Written aside then renamed, so a concurrent reader never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, file);
  await db.destroy();
}
