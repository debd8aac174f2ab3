import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Database } from './create-db.js';

// The SQLite statement cache (createSqlite): statements are reused by SQL text.
describe('SQLite statement cache', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function open() {
    database = await createDb('sqlite::memory:');
    await sql`create table t (id integer primary key, n integer not null)`.execute(database.db);
    return database.db;
  }

  it('runs the same reads and writes again with new parameters, keeping 64-bit integers exact', async () => {
    const db = await open();
    const big = '9007199254740993'; // 2^53 + 1: exact only if the cached statement keeps safe integers
    for (const [id, n] of [
      ['1', 10],
      [big, 20],
    ] as const) {
      await sql`insert into t (id, n) values (${id}, ${n})`.execute(db);
    }
    const read = (id: string) => sql<{ id: unknown; n: number }>`select id, n from t where id = ${id}`.execute(db);
    expect((await read('1')).rows).toEqual([{ id: 1, n: 10 }]);
    expect((await read(big)).rows).toEqual([{ id: big, n: 20 }]);
    const update = await sql`update t set n = n + 1 where id = ${big}`.execute(db);
    expect(update.numAffectedRows).toBe(1n);
    await sql`update t set n = n + 1 where id = ${big}`.execute(db);
    expect((await read(big)).rows).toEqual([{ id: big, n: 22 }]);
  });

  it('runs a query again after the same SQL was streamed, in full or abandoned halfway', async () => {
    const db = await open();
    for (let i = 1; i <= 5; i++) await sql`insert into t (id, n) values (${i}, ${i * 10})`.execute(db);
    const query = () =>
      db
        .selectFrom('t' as never)
        .select(['id' as never, 'n' as never])
        .orderBy('id' as never);
    const streamed: unknown[] = [];
    for await (const row of query().stream()) streamed.push(row);
    expect(streamed).toHaveLength(5);
    for await (const _ of query().stream()) break;
    expect(await query().execute()).toEqual(streamed);
    expect(await query().execute()).toEqual(streamed);
  });
});
