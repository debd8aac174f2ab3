import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../tests/helpers/database.js';
import { compiledQuery } from './compiled.js';
import { createDb } from './create-db.js';
import { migrateToLatest } from './migrations/index.js';

// A compiled query is built once per database handle, then run with each call's arguments in its placeholders' places.

type Db = Awaited<ReturnType<typeof createDb>>;

const settingByKey = compiledQuery((db, key: string) => db.selectFrom('settings').select(['key', 'value']).where('key', '=', key));

// Arguments in another order than the query's parameters, one used twice, and a constant of the query's own kept.
const settingsBetween = compiledQuery((db, high: string, low: string) =>
  db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('updated_at', '=', '2026-01-01T00:00:00.000Z')
    .where('key', '>=', low)
    .where('key', '<=', high)
    .where((eb) => eb.or([eb('value', '!=', high), eb('value', '=', high)]))
    .orderBy('key'),
);

const tokensOfApp = compiledQuery((db, appId: string) =>
  db.selectFrom('oauth_tokens').select(['id', 'app_id', 'scopes']).where('app_id', '=', appId).orderBy('id'),
);

describe('compiledQuery', () => {
  let database: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await createDb(fresh.url);
    await migrateToLatest(database.db, database.dialect);
    const at = '2026-01-01T00:00:00.000Z';
    await database.db
      .insertInto('settings')
      .values(['a', 'b', 'c', 'd'].map((k) => ({ key: `t_${k}`, value: `value ${k}`, updated_at: at })))
      .execute();
    await database.db.insertInto('settings').values({ key: 't_e', value: 'value e', updated_at: '2026-02-01T00:00:00.000Z' }).execute();
    // Snowflakes past 2^53, as real ids are.
    const app = (id: string) => ({ id, name: id, website: null, redirect_uris: '', scopes: 'read', client_id: id, client_secret_hash: id, created_at: at });
    await database.db
      .insertInto('oauth_apps')
      .values([app('9007199254740993100'), app('9007199254740993200')])
      .execute();
    const token = (id: string, appId: string, scopes: string) => ({ id, token_hash: id, app_id: appId, account_id: null, scopes, created_at: at });
    await database.db
      .insertInto('oauth_tokens')
      .values([
        token('9007199254740993001', '9007199254740993100', 'read'),
        token('9007199254740993002', '9007199254740993100', 'write'),
        token('9007199254740993003', '9007199254740993200', 'follow'),
      ])
      .execute();
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('returns the rows of each call’s own argument, run after run', async () => {
    const { db } = database;
    expect(await settingByKey(db, 't_a')).toEqual([{ key: 't_a', value: 'value a' }]);
    expect(await settingByKey(db, 't_c')).toEqual([{ key: 't_c', value: 'value c' }]);
    expect(await settingByKey(db, 'missing')).toEqual([]);
    expect(await settingByKey(db, 't_a')).toEqual([{ key: 't_a', value: 'value a' }]);
  });

  it('puts several arguments in their places, whatever their order in the query, keeping its constants', async () => {
    const { db } = database;
    expect((await settingsBetween(db, 't_c', 't_b')).map((r) => r.key)).toEqual(['t_b', 't_c']);
    // t_e is in range but its updated_at is not the query's constant.
    expect((await settingsBetween(db, 't_z', 't_a')).map((r) => r.key)).toEqual(['t_a', 't_b', 't_c', 't_d']);
    expect(await settingsBetween(db, 't_a', 't_b')).toEqual([]);
  });

  it('answers as the same query built by Kysely each time would, ids included', async () => {
    const { db } = database;
    for (const appId of ['9007199254740993100', '9007199254740993200', '1']) {
      const plain = await db.selectFrom('oauth_tokens').select(['id', 'app_id', 'scopes']).where('app_id', '=', appId).orderBy('id').execute();
      expect(await tokensOfApp(db, appId)).toEqual(plain);
    }
    expect((await tokensOfApp(db, '9007199254740993100')).map((r) => r.id)).toEqual(['9007199254740993001', '9007199254740993002']);
    expect((await tokensOfApp(db, '9007199254740993200')).map((r) => r.scopes)).toEqual(['follow']);
  });

  it('runs in a transaction, seeing its uncommitted rows', async () => {
    const rollBack = new Error('roll back');
    const inside = database.db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 't_trx', value: 'inside', updated_at: '2026-01-01T00:00:00.000Z' }).execute();
      expect(await settingByKey(trx, 't_trx')).toEqual([{ key: 't_trx', value: 'inside' }]);
      expect(await settingByKey(trx, 't_b')).toEqual([{ key: 't_b', value: 'value b' }]);
      throw rollBack;
    });
    await expect(inside).rejects.toBe(rollBack);
    expect(await settingByKey(database.db, 't_trx')).toEqual([]);
  });

  it('refuses a query that does not pass an argument as a parameter', async () => {
    const bad = compiledQuery((db, key: string) => db.selectFrom('settings').select('key').where('key', 'like', `${key}%`));
    await expect(bad(database.db, 't_')).rejects.toThrow(/every argument must be a parameter/);
  });
});
