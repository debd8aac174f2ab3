import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from '../logger.js';

// Fedify's message queue in the distributed mode (REDIS_URL): a BullMQ queue, so every process of the instance
// shares deliveries and incoming activities and they outlive the process that queued them. @fedify/redis would be
// the obvious choice, but it exists only for Fedify 1.8 and ioredis 5, while Tribune runs Fedify 1.10 and ioredis
// 6 through BullMQ (src/infra/bullmq-jobs.ts): this adapter speaks the MessageQueue interface over what runs already.
// A message is a BullMQ job; one whose process dies while handling it (its lock is not renewed) is handed out again.

export interface RedisMessageQueueOptions {
  /** Redis key prefix of this instance (the jobs' prefix; the queue's own name keeps them apart). */
  prefix: string;
  logger: Logger;
  /** Messages one process handles at once. */
  concurrency?: number;
  /** How long a message stays taken without its process renewing the claim: after that it is handed out again. */
  lockMs?: number;
}

const QUEUE = 'federation';
/** close() stops waiting after this long. */
const CLOSE_LIMIT_MS = 10_000;

export interface RedisMessageQueue extends MessageQueue {
  close(): Promise<void>;
}

export function createRedisMessageQueue(url: string, opts: RedisMessageQueueOptions): RedisMessageQueue {
  const { logger, prefix } = opts;
  const lockMs = opts.lockMs ?? 15_000;
  const queue = new Queue(QUEUE, {
    connection: { url },
    prefix,
    defaultJobOptions: {
      // Fedify retries failed deliveries itself (with its backoff), by queueing them again.
      attempts: 1,
      removeOnComplete: true,
      // Not kept when failed: outgoing messages carry the sender's private keys (Fedify signs where it delivers).
      removeOnFail: true,
    },
  });
  queue.on('error', (err) => logger.warn({ err }, 'federation queue: redis error'));
  const delayOf = (options?: MessageQueueEnqueueOptions) => (options?.delay ? Math.max(0, Math.round(options.delay.total({ unit: 'millisecond' }))) : 0);
  const workers = new Set<Worker>();

  return {
    nativeRetrial: false,
    async enqueue(message, options) {
      await queue.add('message', message, { delay: delayOf(options) });
    },
    async enqueueMany(messages, options) {
      const delay = delayOf(options);
      await queue.addBulk(messages.map((data) => ({ name: 'message', data, opts: { delay } })));
    },
    async listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions) {
      const signal = options?.signal;
      if (signal?.aborted) return;
      const worker = new Worker(QUEUE, async (job: Job) => handler(job.data), {
        connection: { url, maxRetriesPerRequest: null },
        prefix,
        concurrency: opts.concurrency ?? 8,
        lockDuration: lockMs,
        stalledInterval: lockMs,
        // A message whose process died is handed out again, up to this many times.
        maxStalledCount: 5,
      });
      workers.add(worker);
      worker.on('failed', (job, err) => logger.error({ err, attempt: job?.attemptsMade }, 'federation queue message failed'));
      worker.on('error', (err) => logger.warn({ err }, 'federation queue: redis error (worker)'));
      await new Promise<void>((resolve) => {
        if (!signal) return;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await worker.close();
      workers.delete(worker);
    },
    async close() {
      // Deliveries under way may finish; bounded, since a remote server or Redis may never answer. A message cut
      // short here is handed out again once its lock lapses.
      const closed = (async () => {
        await Promise.allSettled([...workers].map((w) => w.close()));
        await queue.close();
      })();
      const timedOut = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), CLOSE_LIMIT_MS).unref())]);
      if (timedOut) {
        logger.warn('federation queue: not closed in time; messages in hand are handed out again later');
        await Promise.race([
          Promise.allSettled([...[...workers].map((w) => w.close(true)), queue.disconnect()]),
          new Promise((r) => setTimeout(r, 1000).unref()),
        ]);
      }
    },
  };
}
