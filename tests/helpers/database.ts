import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestDialect = 'sqlite' | 'pg';

/** Which dialect this test project runs on (vitest sets TRIBUNE_TEST_DB per project). */
export function testDialect(): TestDialect {
  return process.env.TRIBUNE_TEST_DB === 'pg' ? 'pg' : 'sqlite';
}

/**
 * A fresh, empty database for one test file: a SQLite file in a temp dir, or on PostgreSQL a schema of
 * its own on the server named by DATABASE_URL (PGlite in memory when there is none).
 */
export async function freshDatabase(dialect: TestDialect = testDialect()): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-test-'));
  const cleanDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') return { url: `sqlite:${join(dataDir, 'test.sqlite')}`, dataDir, drop: async () => cleanDir() };
  const server = process.env.DATABASE_URL;
  if (!server) return { url: 'pglite:memory', dataDir, drop: async () => cleanDir() };
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(server);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
      cleanDir();
    },
  };
}
