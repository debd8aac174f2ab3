import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Database } from './create-db.js';

// SQLite's checkpoints run on the checkpoint thread (wal-checkpointer.ts), never inside a statement of the process.
describe('SQLite write-ahead log checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tribune-wal-'));
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no checkpoint to the statements and copies the log into the file in the background', async () => {
    const file = join(dir, 'wal.sqlite');
    database = await createDb(`sqlite:${file}`);
    const db = database.db;
    const auto = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db);
    expect(Number(auto.rows[0]?.wal_autocheckpoint)).toBe(0);

    await sql`create table t (id integer primary key, body text not null)`.execute(db);
    const before = statSync(file).size;
    // About 2 MB in the log, more than SQLite's own 1,000-page threshold would let a statement carry.
    for (let i = 0; i < 20; i++) {
      await sql`insert into t (body) select printf('%.1000c', 'x') from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 100) select i from n)`.execute(
        db,
      );
    }
    // Only a checkpoint writes rows into the database file; this connection never runs one.
    const deadline = Date.now() + 20_000;
    while (statSync(file).size < before + 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    expect((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]?.n).toBe(2000);
  });
});
