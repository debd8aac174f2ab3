import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../db/create-db.js';

// Whole-database access for backup and restore: tables are discovered from the database itself, so every
// area's tables (present and future) travel without this file knowing them. The only dialect branches
// outside src/db: catalog queries have no common form.

type AnyDb = Kysely<any>;

export interface ColumnInfo {
  name: string;
  /** An INTEGER/BIGINT column: large values travel as decimal strings and are bound as BigInt on SQLite. */
  integer: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** Primary key columns in key order (keyset paging); empty when the table has none. */
  primaryKey: string[];
  /** Tables this one references by foreign key (itself excluded). */
  references: string[];
}

/** Kysely's bookkeeping: rebuilt by the migrations, never copied. */
const MIGRATION_TABLES = new Set(['tribune_migrations', 'tribune_migrations_lock']);

/** Every ordinary table holding data, minus derived ones (SQLite FTS5 tables and their shadow tables). */
export async function listTables(db: AnyDb, dialect: Dialect): Promise<TableInfo[]> {
  return dialect === 'sqlite' ? listSqliteTables(db) : listPgTables(db);
}

async function listSqliteTables(db: AnyDb): Promise<TableInfo[]> {
  const { rows } = await sql<{ name: string; sql: string | null }>`
    SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`.execute(db);
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')).map((r) => r.name);
  const derived = (name: string) => virtual.some((v) => name === v || name.startsWith(`${v}_`));
  const tables: TableInfo[] = [];
  for (const { name } of rows) {
    if (MIGRATION_TABLES.has(name) || derived(name)) continue;
    // hidden: 0 ordinary, 2/3 generated columns (rebuilt by the database, never inserted).
    const cols = await sql<{ name: string; type: string; pk: number; hidden: number }>`
      SELECT name, type, pk, hidden FROM pragma_table_xinfo(${name}) ORDER BY cid`.execute(db);
    const fks = await sql<{ ref: string }>`SELECT DISTINCT "table" AS ref FROM pragma_foreign_key_list(${name})`.execute(db);
    const visible = cols.rows.filter((c) => Number(c.hidden) === 0);
    tables.push({
      name,
      columns: visible.map((c) => ({ name: c.name, integer: /int/i.test(c.type) })),
      primaryKey: visible
        .filter((c) => Number(c.pk) > 0)
        .sort((a, b) => Number(a.pk) - Number(b.pk))
        .map((c) => c.name),
      references: fks.rows.map((f) => f.ref).filter((r) => r !== name),
    });
  }
  return tables;
}

async function listPgTables(db: AnyDb): Promise<TableInfo[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const tables: TableInfo[] = [];
  for (const { name } of rows) {
    if (MIGRATION_TABLES.has(name)) continue;
    const cols = await sql<{ name: string; type: string; generated: string }>`
      SELECT column_name AS name, data_type AS type, is_generated AS generated FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${name} ORDER BY ordinal_position`.execute(db);
    const pk = await sql<{ name: string }>`
      SELECT a.attname AS name FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND n.nspname = current_schema() AND c.relname = ${name}
      ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(db);
    const fks = await sql<{ ref: string }>`
      SELECT DISTINCT cf.relname AS ref FROM pg_constraint k
      JOIN pg_class cr ON cr.oid = k.conrelid JOIN pg_namespace n ON n.oid = cr.relnamespace
      JOIN pg_class cf ON cf.oid = k.confrelid
      WHERE k.contype = 'f' AND n.nspname = current_schema() AND cr.relname = ${name}`.execute(db);
    tables.push({
      name,
      // Generated columns (statuses.search_vector) are rebuilt by PostgreSQL and do not exist on SQLite.
      columns: cols.rows.filter((c) => c.generated !== 'ALWAYS').map((c) => ({ name: c.name, integer: /int/i.test(c.type) })),
      primaryKey: pk.rows.map((r) => r.name),
      references: fks.rows.map((f) => f.ref).filter((r) => r !== name),
    });
  }
  return tables;
}

/** The migrations this database has run, by name. */
export async function appliedMigrations(db: AnyDb): Promise<string[]> {
  try {
    const rows = await db.selectFrom('tribune_migrations').select('name').orderBy('name').execute();
    return rows.map((r) => String(r.name));
  } catch {
    return [];
  }
}

/** Values bound in SQL: on SQLite, decimal strings in integer columns become BigInt so they compare and store as integers. */
export function bindValue(dialect: Dialect, column: ColumnInfo | undefined, value: unknown): unknown {
  if (dialect === 'sqlite' && column?.integer && typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  return value;
}

/**
 * One page of a table in primary-key order, after the key `after` (keyset paging keeps memory bounded).
 * A table without a primary key is paged by offset, ordered by all its columns.
 */
export async function readPage(
  db: AnyDb,
  dialect: Dialect,
  table: TableInfo,
  after: { key: unknown[] | null; offset: number },
  limit: number,
): Promise<Record<string, unknown>[]> {
  const cols = sql.join(table.columns.map((c) => sql.ref(c.name)));
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  if (table.primaryKey.length === 0) {
    const order = sql.join(table.columns.map((c) => sql.ref(c.name)));
    const { rows } = await sql<Record<string, unknown>>`
      SELECT ${cols} FROM ${sql.table(table.name)} ORDER BY ${order} LIMIT ${limit} OFFSET ${after.offset}`.execute(db);
    return rows;
  }
  const key = sql.join(table.primaryKey.map((c) => sql.ref(c)));
  let where: RawBuilder<unknown> = sql``;
  if (after.key) {
    const values = sql.join(after.key.map((v, i) => sql`${bindValue(dialect, byName.get(table.primaryKey[i]!), v)}`));
    where = table.primaryKey.length === 1 ? sql`WHERE ${key} > ${values}` : sql`WHERE (${key}) > (${values})`;
  }
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${cols} FROM ${sql.table(table.name)} ${where} ORDER BY ${key} LIMIT ${limit}`.execute(db);
  return rows;
}

export async function countRows(db: AnyDb, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export async function insertRows(db: AnyDb, dialect: Dialect, table: TableInfo, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const values = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = bindValue(dialect, byName.get(k), v);
    return out;
  });
  await db.insertInto(table.name).values(values).execute();
}

/**
 * Empties the database completely (every table, and on PostgreSQL the functions the migrations made),
 * so the migrations can build it again. Drops rather than deletes: the moderation audit log refuses DELETE.
 */
export async function dropEverything(db: AnyDb, dialect: Dialect): Promise<string[]> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; type: string }>`
      SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'`.execute(db);
    await sql`PRAGMA foreign_keys = OFF`.execute(db);
    try {
      // Virtual tables first: dropping one drops its shadow tables.
      const virtual = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`.execute(db);
      for (const { name } of virtual.rows) await sql`DROP TABLE IF EXISTS ${sql.table(name)}`.execute(db);
      for (const { name, type } of rows) {
        if (type === 'view') await sql`DROP VIEW IF EXISTS ${sql.table(name)}`.execute(db);
        else await sql`DROP TABLE IF EXISTS ${sql.table(name)}`.execute(db);
      }
    } finally {
      await sql`PRAGMA foreign_keys = ON`.execute(db);
    }
    return rows.map((r) => r.name);
  }
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
  const views = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.views WHERE table_schema = current_schema()`.execute(db);
  const functions = await sql<{ sig: string }>`
    SELECT p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema() AND p.prokind = 'f'`.execute(db);
  for (const { name } of views.rows) await sql`DROP VIEW IF EXISTS ${sql.table(name)} CASCADE`.execute(db);
  for (const { name } of tables.rows) await sql`DROP TABLE IF EXISTS ${sql.table(name)} CASCADE`.execute(db);
  for (const { sig } of functions.rows) await sql`DROP FUNCTION IF EXISTS ${sql.raw(sig)} CASCADE`.execute(db);
  return tables.rows.map((r) => r.name);
}

/** Rebuilds derived search indexes: SQLite's FTS5 tables from their content; PostgreSQL's tsvector is generated. */
export async function rebuildSearchIndexes(db: AnyDb, dialect: Dialect): Promise<string[]> {
  if (dialect === 'pg') {
    await sql`ANALYZE`.execute(db);
    return [];
  }
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'`.execute(db);
  for (const { name } of rows) await sql`INSERT INTO ${sql.table(name)} (${sql.ref(name)}) VALUES ('rebuild')`.execute(db);
  await sql`ANALYZE`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Drops the secondary indexes (and, on SQLite, the triggers that feed the FTS5 tables) of an empty database so a
 * restore inserts into bare tables, and answers how to build them again: one sort per index at the end instead of
 * one B-tree update per row, and the search index built once by `rebuildSearchIndexes` instead of per row. Indexes
 * that back a primary key or a UNIQUE constraint stay (they are part of the table); UNIQUE indexes made by CREATE
 * INDEX are rebuilt at the end, where a duplicate fails the restore's transaction. Run both inside that transaction.
 */
export async function setIndexesAside(db: AnyDb, dialect: Dialect): Promise<{ count: number; rebuild: () => Promise<void> }> {
  let statements: string[];
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ name: string; type: string; sql: string }>`
      SELECT name, type, sql FROM sqlite_master
      WHERE sql IS NOT NULL AND (type = 'index' OR (type = 'trigger' AND instr(name, '_fts_') > 0))`.execute(db);
    for (const r of rows) await sql`${sql.raw(r.type === 'index' ? 'DROP INDEX' : 'DROP TRIGGER')} ${sql.ref(r.name)}`.execute(db);
    statements = rows.map((r) => r.sql);
  } else {
    const { rows } = await sql<{ name: string; def: string }>`
      SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_class ic ON ic.oid = c.conindid
                        WHERE ic.relname = i.indexname AND c.connamespace = ic.relnamespace)`.execute(db);
    for (const r of rows) await sql`DROP INDEX ${sql.ref(r.name)}`.execute(db);
    statements = rows.map((r) => r.def);
  }
  return {
    count: statements.length,
    rebuild: async () => {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/** On SQLite, foreign keys are checked at commit instead of per row (the import order then need not be perfect). */
export async function deferForeignKeys(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') await sql`PRAGMA defer_foreign_keys = ON`.execute(db);
}
