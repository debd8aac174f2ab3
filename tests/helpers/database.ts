import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { savePgliteDataDir } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrations/index.js';

export type TestDialect = 'sqlite' | 'pg';

/** Which dialect this test project runs on (vitest sets TRIBUNE_TEST_DB per project). */
export function testDialect(): TestDialect {
  return process.env.TRIBUNE_TEST_DB === 'pg' ? 'pg' : 'sqlite';
}

/**
 * A fresh, empty database for one test file: a SQLite file in a temp dir, or on PostgreSQL a database of
 * its own on the server named by DATABASE_URL (PGlite in memory when there is none).
 */
export async function freshDatabase(dialect: TestDialect = testDialect()): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-test-'));
  const cleanDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { url: `sqlite:${join(dataDir, 'test.sqlite')}`, dataDir, drop: async () => cleanDir() };
  const server = process.env.DATABASE_URL;
  if (!server) return { url: `pglite:memory?from=${await pgliteTemplate()}`, dataDir, drop: async () => cleanDir() };
  // A database, not a schema, of its own: Kysely's migrator introspects every schema of its database, and
  // failed when another file dropped its schema mid-query ("relation t_….mutes does not exist").
  const name = `tribune_test_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      cleanDir();
    },
  };
}

/**
 * A migrated, empty PGlite data directory, made once per set of migrations and shared by test files (and
 * vitest's workers) through the temp dir: initdb in PGlite takes seconds, loading a saved one a fraction.
 * Migrations added since still run when a test's context starts.
 */
async function pgliteTemplate(): Promise<string> {
  const dir = join(import.meta.dirname, '../../src/db/migrations');
  const hash = createHash('sha256');
  for (const f of readdirSync(dir).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  hash.update(readFileSync(join(import.meta.dirname, '../../node_modules/@electric-sql/pglite/package.json')));
  const file = join(tmpdir(), `tribune-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  if (!existsSync(file)) await savePgliteDataDir(file, async ({ db, dialect }) => void (await migrateToLatest(db, dialect)));
  return file;
}
