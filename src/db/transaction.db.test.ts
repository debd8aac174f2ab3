import { type Kysely, sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDialect } from '../../tests/helpers/database.js';
import { startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';
import { createDb, type Database } from './create-db.js';
import type { DB } from './schema.js';
import { inTransaction } from './transaction.js';

// inTransaction re-runs a transaction PostgreSQL aborted for a concurrent one's sake. The real deadlock needs two
// connections at once, which only the PostgreSQL server gives (the pg project with DATABASE_URL, as CI runs it);
// SQLite and PGlite run one transaction at a time, so there the aborts are made by hand.

type Probe = { retry_probe: { id: number; n: number } };
const probe = (db: Kysely<DB> | Transaction<DB>) => db as unknown as Kysely<Probe>;

/** A PostgreSQL-style abort, as the pg driver reports it. */
const abort = (code: '40P01' | '40001') => Object.assign(new Error(code === '40P01' ? 'deadlock detected' : 'could not serialize access'), { code });

describe('inTransaction', () => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await createDb(fresh.url);
    await sql`create table retry_probe (id integer primary key, n integer not null)`.execute(database.db);
    // PGlite's first DDL statement is slow on a loaded machine (tens of seconds).
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  const reset = async () => {
    await probe(database.db).deleteFrom('retry_probe').execute();
    await probe(database.db)
      .insertInto('retry_probe')
      .values([
        { id: 1, n: 0 },
        { id: 2, n: 0 },
      ])
      .execute();
  };
  const counts = async () => (await probe(database.db).selectFrom('retry_probe').select(['id', 'n']).orderBy('id').execute()).map((r) => r.n);
  const bump = (trx: Transaction<DB>, id: number) => probe(trx).updateTable('retry_probe').set({ n: sql`n + 1` }).where('id', '=', id).execute();

  it('runs the whole transaction again after a deadlock or serialization failure, and keeps only the last attempt', async () => {
    await reset();
    let attempts = 0;
    const result = await inTransaction(database.db, async (trx) => {
      attempts++;
      await bump(trx, 1);
      if (attempts === 1) throw abort('40P01');
      if (attempts === 2) throw abort('40001');
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(3);
    expect(await counts()).toEqual([1, 0]);
  });

  it('gives up after the retries allowed and passes the abort on, with nothing written', async () => {
    await reset();
    let attempts = 0;
    const run = inTransaction(
      database.db,
      async (trx) => {
        attempts++;
        await bump(trx, 1);
        throw abort('40P01');
      },
      { retries: 2 },
    );
    await expect(run).rejects.toMatchObject({ code: '40P01' });
    expect(attempts).toBe(3);
    expect(await counts()).toEqual([0, 0]);
  });

  it('does not retry any other error', async () => {
    await reset();
    let attempts = 0;
    const run = inTransaction(database.db, async (trx) => {
      attempts++;
      await bump(trx, 1);
      throw Object.assign(new Error('duplicate key value'), { code: '23505' });
    });
    await expect(run).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
    expect(await counts()).toEqual([0, 0]);
  });

  // Two transactions take two rows in opposite orders, each waiting until the other holds its first row: PostgreSQL
  // must abort one of them (40P01). Without the helper that writer fails; with it, it runs again and both complete.
  describe.runIf(testDialect() === 'pg' && !!process.env.DATABASE_URL)('against a real deadlock on the PostgreSQL server', () => {
    /** Each writer's first attempt waits here until both hold their first row; retries go straight through. */
    const barrier = () => {
      let arrived = 0;
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return async () => {
        if (++arrived === 2) open();
        await opened;
      };
    };
    const crossing = (first: number, second: number, meet: () => Promise<void>, attempts: number[]) => async (trx: Transaction<DB>) => {
      attempts.push(first);
      await bump(trx, first);
      if (attempts.filter((a) => a === first).length === 1) await meet();
      await bump(trx, second);
    };

    it('aborts one of two crossing transactions when they are not retried', async () => {
      await reset();
      const meet = barrier();
      const attempts: number[] = [];
      const results = await Promise.allSettled([
        database.db.transaction().execute(crossing(1, 2, meet, attempts)),
        database.db.transaction().execute(crossing(2, 1, meet, attempts)),
      ]);
      const failed = results.filter((r) => r.status === 'rejected');
      expect(failed).toHaveLength(1);
      expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: '40P01' });
      expect(await counts()).toEqual([1, 1]);
    });

    it('completes both crossing transactions when each runs through inTransaction', async () => {
      await reset();
      const meet = barrier();
      const attempts: number[] = [];
      await Promise.all([inTransaction(database.db, crossing(1, 2, meet, attempts)), inTransaction(database.db, crossing(2, 1, meet, attempts))]);
      // Three attempts: both first ones, and the deadlock's loser once more.
      expect(attempts).toHaveLength(3);
      expect(await counts()).toEqual([2, 2]);
    });
  });
});

// Through the API: people following each other at the same moment update both accounts' counters in opposite
// orders, the deadlock above. Every request succeeds and every counter moves once.
describe('mutual follows at once', () => {
  let t: TestServer;
  const pairs: Array<[TestUser, TestUser]> = [];

  beforeAll(async () => {
    t = await startTestServer();
    for (let i = 0; i < 6; i++) pairs.push([await t.createUser(`left${i}`), await t.createUser(`right${i}`)]);
  });
  afterAll(() => t?.close());

  it('answers 200 to every follow and counts each once', async () => {
    const rs = await Promise.all(
      pairs.flatMap(([a, b]) => [
        t.request('POST', `/api/v1/accounts/${b.id}/follow`, { token: a.token }),
        t.request('POST', `/api/v1/accounts/${a.id}/follow`, { token: b.token }),
      ]),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(rs.length).fill(200));
    for (const [a, b] of pairs) {
      for (const u of [a, b]) {
        const account = (await t.get(`/api/v1/accounts/${u.id}`)).body;
        expect([account.followers_count, account.following_count]).toEqual([1, 1]);
      }
    }
  });
});
