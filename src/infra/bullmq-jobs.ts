import { randomBytes, randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { insertSettingOnce } from '../web/push/push.store.js';
import type { JobHandler, JobPayloads, JobQueue } from './jobs.js';

/**
 * The distributed JobQueue: one BullMQ queue in Redis shared by every Tribune process of an instance, and a
 * worker in each process, so after-commit work (fan-out, notifications, pushes) runs on whichever process is
 * free and survives the one that queued it. Payloads cross processes as JSON. Jobs run at least once (three
 * attempts); while Redis is unreachable, new jobs wait in memory until it answers again.
 */
export interface BullMqJobsOptions {
  /** Redis key prefix of this instance's queue (see redisScope). */
  prefix: string;
  logger: Logger;
  /** Jobs one process runs at once. */
  concurrency?: number;
  /** Told of each failed attempt (metrics). */
  onFailed?: (name: string) => void;
  /** Whether this process takes jobs from the queue (false: it only queues them, `tribune worker` runs them). */
  work?: boolean;
}

const QUEUE = 'jobs';
/** How long a job waits for its handler to be registered (a process still starting). */
const HANDLER_WAIT_MS = 10_000;
/** close() stops waiting for Redis after this long. */
const CLOSE_LIMIT_MS = 10_000;
/** drain() gives up (with a warning) after this long, so a lost Redis cannot hang a shutdown or a test forever. */
const DRAIN_LIMIT_MS = 60_000;

/** The settings key naming this database's Redis keyspace; never copied by a backup (a restored copy gets its own). */
export const REDIS_SCOPE_SETTING = 'redis.scope';

/**
 * A name shared by every process on the same database and by no other: two instances (or two test
 * databases) on one Redis then never take each other's jobs or stream events.
 */
export async function redisScope(db: Kysely<DB>): Promise<string> {
  try {
    return await insertSettingOnce(db, REDIS_SCOPE_SETTING, randomBytes(6).toString('hex'), new Date().toISOString());
  } catch {
    // No settings table yet (a context built before migrating): one shared name.
    return 'default';
  }
}

/**
 * A number (0-63) for this process, different from the other live processes of the instance (up to 64):
 * the ID generator's node. Counted in Redis, so restarts keep moving on to the next number.
 */
export async function processNumber(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.incr(`${prefix}process-number`)) % 64;
  } catch {
    // Redis is down at start: a random number is very likely distinct too.
    return randomInt(64);
  } finally {
    redis.disconnect();
  }
}

export function createBullMqJobs<Jobs extends object = JobPayloads>(url: string, opts: BullMqJobsOptions): JobQueue<Jobs> {
  const { logger, prefix } = opts;
  // Each name's handler takes that name's payload, read back from Redis as JSON.
  const handlers = new Map<string, JobHandler<unknown>>();
  // Adds not yet acknowledged by Redis: drain() and a finishing job wait for them.
  const adding = new Set<Promise<unknown>>();
  const settle = async () => {
    while (adding.size > 0) await Promise.allSettled([...adding]);
  };

  const queue = new Queue(QUEUE, {
    connection: { url },
    prefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
    },
  });
  queue.on('error', (err) => logger.warn({ err }, 'jobs: redis error (queue)'));

  const waitForHandler = async (name: string): Promise<JobHandler<unknown>> => {
    const start = Date.now();
    for (;;) {
      const h = handlers.get(name);
      if (h) return h;
      if (Date.now() - start > HANDLER_WAIT_MS) throw new Error(`no handler registered for job "${name}"`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const worker =
    opts.work === false
      ? null
      : new Worker(
          QUEUE,
          async (job: Job) => {
            const handler = await waitForHandler(job.name);
            try {
              await handler(job.data);
            } finally {
              // Jobs this one queued are in Redis before it counts as done, so a drain anywhere sees them.
              await settle();
            }
          },
          { connection: { url, maxRetriesPerRequest: null }, prefix, concurrency: opts.concurrency ?? 8 },
        );
  worker?.on('failed', (job, err) => {
    opts.onFailed?.(job?.name ?? 'unknown');
    logger.error({ err, job: job?.name, attempt: job?.attemptsMade }, 'job failed');
  });
  worker?.on('error', (err) => logger.warn({ err }, 'jobs: redis error (worker)'));

  return {
    register(name, handler) {
      handlers.set(name, handler as JobHandler<unknown>);
    },
    enqueue(name, payload) {
      let data: unknown;
      try {
        data = JSON.parse(JSON.stringify(payload ?? null));
      } catch (err) {
        logger.error({ err, job: name }, 'job payload is not JSON-serialisable: job dropped');
        return;
      }
      if (!isDeepStrictEqual(data, payload ?? null))
        logger.warn({ job: name }, 'job payload changes through JSON (dates, undefined, classes): pass plain values');
      const p: Promise<unknown> = queue
        .add(name, data)
        .catch(async (err) => {
          // Redis refused it: run it here rather than lose it (a post would miss its followers' timelines).
          logger.error({ err, job: name }, 'job could not be queued: running it in this process');
          const handler = handlers.get(name);
          if (handler) await handler(data).catch((e) => logger.error({ err: e, job: name }, 'job failed'));
        })
        .finally(() => adding.delete(p));
      adding.add(p);
    },
    async drain() {
      const start = Date.now();
      for (;;) {
        await settle();
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        if (Object.values(counts).every((n) => n === 0) && adding.size === 0) return;
        if (Date.now() - start > DRAIN_LIMIT_MS) {
          logger.warn({ counts }, 'jobs: drain gave up waiting');
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stats() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    },
    unfinished() {
      // Queued jobs live in Redis; a running one is retried by another process if this one stops.
      return [];
    },
    async ping() {
      // The client is ioredis (BullMQ's default backend); its interface type leaves PING out.
      const client = (await queue.getBackend().client) as unknown as { ping(): Promise<unknown> };
      await client.ping();
    },
    async close() {
      // Lets the jobs this process is running finish; waiting ones stay in Redis for the other processes.
      // Bounded: with Redis unreachable, adds and the worker's goodbye never complete, and shutdown must.
      const closed = (async () => {
        await settle();
        await worker?.close();
        await queue.close();
      })();
      const timedOut = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), CLOSE_LIMIT_MS).unref())]);
      if (timedOut) {
        logger.warn({ unqueued: adding.size }, 'jobs: Redis did not answer at shutdown; jobs not yet queued are lost');
        await Promise.race([Promise.allSettled([worker?.close(true), queue.disconnect()]), new Promise((r) => setTimeout(r, 1000).unref())]);
      }
    },
  };
}
