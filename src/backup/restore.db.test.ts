import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../tests/helpers/database.js';
import { startTestServer, type TestServer } from '../../tests/helpers/server.js';
import { createDb } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrations/index.js';
import { createBackup } from './export.js';
import { restoreBackup } from './import.js';
import { buildCommunity, type Community, expectCommunityIntact } from './test-community.js';

// The source runs on this project's dialect; its archive is restored into a fresh database of EACH dialect
// (SQLite -> PostgreSQL and back), and a server started on the restored data serves the same community.
// PostgreSQL is the server named by DATABASE_URL (a schema of its own) or an on-disk PGlite.

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

async function freshTarget(dialect: 'sqlite' | 'pg'): Promise<{ url: string; dataDir: string; drop(): Promise<void> }> {
  const dataDir = tempDir('tribune-restore-');
  if (dialect === 'sqlite') return { url: `sqlite:${join(dataDir, 'tribune.sqlite')}`, dataDir, drop: async () => {} };
  if (process.env.DATABASE_URL) {
    const db = await freshDatabase('pg');
    return { url: db.url, dataDir, drop: db.drop };
  }
  return { url: `pglite:${join(dataDir, 'pg')}`, dataDir, drop: async () => {} };
}

/** The indexes and triggers a database holds (its tables' own constraint indexes left out on SQLite: unnamed). */
async function schemaObjects(url: string): Promise<string[]> {
  const d = await createDb(url);
  try {
    const q =
      d.dialect === 'sqlite'
        ? sql<{ name: string }>`SELECT type || ':' || name AS name FROM sqlite_master WHERE sql IS NOT NULL AND type IN ('index', 'trigger')`
        : sql<{ name: string }>`SELECT 'index:' || indexname AS name FROM pg_indexes WHERE schemaname = current_schema()`;
    return (await q.execute(d.db)).rows.map((r) => r.name).sort();
  } finally {
    await d.close();
  }
}

describe('restore into either dialect', { timeout: 120_000 }, () => {
  let source: TestServer;
  let community: Community;
  let archive: string;
  const drops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    source = await startTestServer();
    community = await buildCommunity(source);
    archive = join(tempDir('tribune-archive-'), 'community.tar.gz');
    await createBackup({
      db: source.ctx.db,
      dialect: source.ctx.dialect,
      dataDir: source.ctx.config.dataDir,
      secretKey: source.ctx.config.secretKey,
      output: archive,
      // Tiny pages: keyset paging crosses page boundaries on single and composite keys (feed_entries, mentions).
      pageSize: 2,
    });
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    for (const d of drops) await d();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  for (const target of ['sqlite', 'pg'] as const) {
    it(`serves the same timelines, search, tokens and media after a restore into ${target}`, async () => {
      const db = await freshTarget(target);
      drops.push(db.drop);
      const database = await createDb(db.url);
      let result: Awaited<ReturnType<typeof restoreBackup>>;
      try {
        result = await restoreBackup({ file: archive, db: database.db, dialect: database.dialect, dataDir: db.dataDir });
      } finally {
        await database.close();
      }
      expect(result.manifest.dialect).toBe(source.ctx.dialect);
      // The indexes (set aside while the rows went in) and the search triggers are all built again.
      const fresh = await freshTarget(target);
      drops.push(fresh.drop);
      const migrated = await createDb(fresh.url);
      await migrateToLatest(migrated.db, migrated.dialect).finally(() => migrated.close());
      const expected = await schemaObjects(fresh.url);
      expect(expected.length).toBeGreaterThan(20);
      expect(await schemaObjects(db.url)).toEqual(expected);
      expect(result.tables.find((t) => t.name === 'statuses')?.rows).toBe(5);
      expect(result.mediaFiles).toBeGreaterThan(0);
      expect(result.searchIndexes).toEqual(target === 'sqlite' ? ['statuses_fts'] : []);
      const secret = readFileSync(join(db.dataDir, 'secret.key'), 'utf8').trim();
      expect(secret).toBe(source.ctx.config.secretKey);

      const restored = await startTestServer({ databaseUrl: db.url, dataDir: db.dataDir, secretKey: secret });
      try {
        expect(restored.ctx.dialect).toBe(target);
        await expectCommunityIntact(restored, community, source.url);
      } finally {
        await restored.close();
      }

      // Once in use (the check above posted), the target is refused, and --force replaces it with the archive.
      const again = await createDb(db.url);
      try {
        await expect(restoreBackup({ file: archive, db: again.db, dialect: again.dialect, dataDir: db.dataDir })).rejects.toThrow(
          /already holds data \(accounts: 3, statuses: 6,.*--force/,
        );
        const forced = await restoreBackup({ file: archive, db: again.db, dialect: again.dialect, dataDir: db.dataDir, force: true });
        expect(forced.tables.find((t) => t.name === 'statuses')?.rows).toBe(5);
        expect(forced.keptAside).toEqual([expect.stringMatching(/media\.before-restore-/)]);
      } finally {
        await again.close();
      }
    });
  }
});
