import { Temporal } from '@js-temporal/polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../tests/helpers/database.js';
import { createDb, type Database } from '../db/create-db.js';
import { createIdGenerator } from '../db/ids.js';
import { migrateToLatest } from '../db/migrations/index.js';
import { createLogger } from '../logger.js';
import { createDbKvStore } from './kv-store.js';
import { createDbMessageQueue } from './message-queue.js';

// Fedify's store and queue on Tribune's database: one contract, run on SQLite and PostgreSQL.
describe('federation key-value store and message queue', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  const ids = createIdGenerator('test-secret-'.padEnd(64, 'x'), 1);
  const logger = createLogger('silent');

  beforeAll(async () => {
    fresh = await freshDatabase();
    database = await createDb(fresh.url);
    await migrateToLatest(database.db, database.dialect);
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });

  it('gets, sets, overwrites and deletes values by key', async () => {
    const kv = createDbKvStore(database.db);
    expect(await kv.get(['a', 'b'])).toBeUndefined();
    await kv.set(['a', 'b'], { n: 1, s: 'x' });
    expect(await kv.get(['a', 'b'])).toEqual({ n: 1, s: 'x' });
    await kv.set(['a', 'b'], 'second');
    expect(await kv.get(['a', 'b'])).toBe('second');
    await kv.delete(['a', 'b']);
    expect(await kv.get(['a', 'b'])).toBeUndefined();
  });

  it('forgets a value once its time to live has passed', async () => {
    const kv = createDbKvStore(database.db);
    await kv.set(['ttl', 'gone'], 1, { ttl: Temporal.Duration.from({ milliseconds: -1 }) });
    await kv.set(['ttl', 'kept'], 2, { ttl: Temporal.Duration.from({ hours: 1 }) });
    expect(await kv.get(['ttl', 'gone'])).toBeUndefined();
    expect(await kv.get(['ttl', 'kept'])).toBe(2);
  });

  it('lists the entries under a prefix, and only those (case counts)', async () => {
    const kv = createDbKvStore(database.db);
    await kv.set(['list', 'x'], 1);
    await kv.set(['list', 'y', 'z'], 2);
    await kv.set(['List', 'x'], 3);
    await kv.set(['lists'], 4);
    const seen = [];
    for await (const e of kv.list!(['list'])) seen.push([e.key, e.value]);
    expect(seen).toEqual([
      [['list', 'x'], 1],
      [['list', 'y', 'z'], 2],
    ]);
  });

  it('hands queued messages to a listener, in order, and again to a new process after a restart', async () => {
    const abort = new AbortController();
    // Queued while nobody listens (a process that stopped): kept in the table.
    await createDbMessageQueue(database.db, ids, logger).enqueueMany!([{ n: 1 }, { n: 2 }]);
    const got: unknown[] = [];
    const queue = createDbMessageQueue(database.db, ids, logger, { pollMs: 20 });
    const listening = queue.listen(
      async (m) => {
        got.push(m);
      },
      { signal: abort.signal },
    );
    await queue.enqueue({ n: 3 });
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(3);
    expect(got).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // A message leaves the table just after its handler returns.
    await expect.poll(async () => (await database.db.selectFrom('federation_queue').select('id').execute()).length, { timeout: 10_000 }).toBe(0);
    abort.abort();
    await listening;
  });

  it('keeps a delayed message until it is due', async () => {
    const abort = new AbortController();
    const got: unknown[] = [];
    const queue = createDbMessageQueue(database.db, ids, logger, { pollMs: 20 });
    await queue.enqueue({ later: true }, { delay: Temporal.Duration.from({ hours: 1 }) });
    await queue.enqueue({ now: true });
    const listening = queue.listen(
      async (m) => {
        got.push(m);
      },
      { signal: abort.signal },
    );
    await expect.poll(() => got.length, { timeout: 10_000 }).toBe(1);
    expect(got).toEqual([{ now: true }]);
    abort.abort();
    await listening;
    const left = await database.db.selectFrom('federation_queue').select('message').execute();
    expect(left.map((r) => JSON.parse(r.message))).toEqual([{ later: true }]);
  });
});
