import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupConfig } from '../config/config.js';
import type { DB } from '../db/schema.js';
import { createLogger } from '../logger.js';
import { generateKeyPair } from './encryption.js';
import { createDirTarget } from './targets.js';
import { listChains, replayChain } from './wal-restore.js';
import { startWalShipping } from './wal-shipping.js';

// Another connection beside the shipper (a CLI process writing, then checkpointing as SQLite does when it closes)
// must not empty the log under it: its writes ship with the chain, its checkpoint is held off, the chain does not
// break, and the replay holds every row of both connections.

const work = mkdtempSync(join(tmpdir(), 'tribune-wal-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('WAL shipping beside another connection', () => {
  it('keeps another connection from emptying the log before it is shipped', async () => {
    const path = join(work, 'tribune.sqlite');
    const main = new Database(path);
    main.pragma('journal_mode = WAL');
    main.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL); CREATE TABLE t (n INTEGER, body TEXT)');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: main }) });
    const keys = await generateKeyPair();
    const target = createDirTarget(join(work, 'target'));
    const backup: BackupConfig = {
      recipients: [keys.recipient],
      keepHourly: 24,
      keepDaily: 30,
      walEveryMs: 3_600_000,
      s3: { region: 'x', forcePathStyle: true },
    };
    const shipper = await startWalShipping({ db, dbPath: path, config: { backup, dataDir: work }, logger: createLogger('silent'), target });
    try {
      await shipper.shipNow();
      const insert = main.prepare('INSERT INTO t VALUES (?, ?)');
      for (let i = 0; i < 50; i++) insert.run(i, 'x'.repeat(500));
      await shipper.shipNow();

      const other = new Database(path);
      other.pragma('busy_timeout = 0');
      for (let i = 50; i < 80; i++) other.prepare('INSERT INTO t VALUES (?, ?)').run(i, 'y'.repeat(500));
      // Held off by the shipper's read transaction: nothing copied into the file, the log not reset.
      const [r] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      expect(r!.busy).toBe(1);
      other.close();
      for (let i = 80; i < 100; i++) insert.run(i, 'z'.repeat(500));
      await shipper.shipNow();
      expect(shipper.state().chains).toBe(1);
      expect(shipper.state().shipped).toBeGreaterThan(0);

      const [chain] = await listChains(target);
      const into = join(work, 'replayed.sqlite');
      const result = await replayChain({ target, chain: chain!, identities: [keys.identity], dbPath: into });
      expect(result.stopped).toBeUndefined();
      const replayed = new Database(into, { readonly: true });
      expect(replayed.prepare('SELECT count(*) AS c, sum(n) AS s FROM t').get()).toEqual({ c: 100, s: (99 * 100) / 2 });
      replayed.close();
    } finally {
      await shipper.stop();
      await db.destroy();
    }
  });
});
