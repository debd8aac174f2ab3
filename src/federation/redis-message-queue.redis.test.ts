import { randomBytes } from 'node:crypto';
import { Temporal } from '@js-temporal/polyfill';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteRedisKeys } from '../../tests/helpers/cluster.js';
import { freshDatabase } from '../../tests/helpers/database.js';
import { createDb } from '../db/create-db.js';
import { createIdGenerator } from '../db/ids.js';
import { migrateToLatest } from '../db/migrations/index.js';
import { createLogger } from '../logger.js';
import { createDbMessageQueue } from './message-queue.js';
import { carryOverDbQueue } from './queue-carryover.js';
import { createRedisMessageQueue, type RedisMessageQueue } from './redis-message-queue.js';

// Fedify's MessageQueue over BullMQ: the contract the database queue meets too (store-and-queue.db.test.ts).
const url = process.env.REDIS_URL;
const run = `tribune-test:${randomBytes(4).toString('hex')}:`;

describe.skipIf(!url)('federation message queue on Redis', () => {
  const queues: RedisMessageQueue[] = [];
  const make = (name: string) => {
    const q = createRedisMessageQueue(url!, { prefix: `${run}${name}`, logger: createLogger('silent') });
    queues.push(q);
    return q;
  };
  afterAll(async () => {
    for (const q of queues) await q.close();
    await deleteRedisKeys(url!, `${run}*`);
  });

  it('hands messages queued while nobody listened to a listener in another process, each once', async () => {
    await make('a').enqueueMany!([{ n: 1 }, { n: 2 }]);
    await make('a').enqueue({ n: 3 });
    const got: unknown[] = [];
    const abort = new AbortController();
    const listeners = [make('a'), make('a')].map((q) => q.listen((m) => void got.push(m), { signal: abort.signal }));
    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(3);
    expect(got).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }, { n: 3 }]));
    abort.abort();
    await Promise.all(listeners);
  });

  it('keeps a delayed message until it is due', async () => {
    const q = make('delay');
    await q.enqueue({ later: true }, { delay: Temporal.Duration.from({ hours: 1 }) });
    await q.enqueue({ soon: true }, { delay: Temporal.Duration.from({ milliseconds: 300 }) });
    const got: unknown[] = [];
    const abort = new AbortController();
    const listening = q.listen((m) => void got.push(m), { signal: abort.signal });
    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(1);
    expect(got).toEqual([{ soon: true }]);
    abort.abort();
    await listening;
  });

  it('moves what a run without Redis left in the database queue into Redis, delays and all', async () => {
    const fresh = await freshDatabase('sqlite');
    const database = await createDb(fresh.url);
    try {
      await migrateToLatest(database.db, database.dialect);
      const logger = createLogger('silent');
      const dbQueue = createDbMessageQueue(database.db, createIdGenerator('t'.padEnd(64, 'x'), 1), logger);
      await dbQueue.enqueueMany!([{ left: 1 }, { left: 2 }]);
      await dbQueue.enqueue({ later: true }, { delay: Temporal.Duration.from({ hours: 1 }) });
      const q = make('carry');
      expect(await carryOverDbQueue(database.db, q, logger)).toBe(3);
      expect(await database.db.selectFrom('federation_queue').select('id').execute()).toEqual([]);
      const got: unknown[] = [];
      const abort = new AbortController();
      const listening = q.listen((m) => void got.push(m), { signal: abort.signal });
      await expect.poll(() => got.length, { timeout: 15_000 }).toBe(2);
      expect(got).toEqual(expect.arrayContaining([{ left: 1 }, { left: 2 }]));
      abort.abort();
      await listening;
    } finally {
      await database.close();
      await fresh.drop();
    }
  });
});
