import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Kysely } from 'kysely';
import type { IdGenerator } from '../db/ids.js';
import type { DB } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { queueClaim, queueDelete, queueDue, queueInsert } from './federation.store.js';

// Fedify's message queue (outgoing deliveries with their retries, incoming activities) on Tribune's own database:
// a delivery queued before a restart is sent after it. Processed in this process by polling, woken at once by an
// enqueue here. In the distributed mode (REDIS_URL) the BullMQ-backed queue (redis-message-queue.ts) takes its
// place; several processes on one database share this table safely too (each message is claimed before it is handled).

export interface DbMessageQueueOptions {
  /** How often the table is looked at for delayed messages and ones queued by other processes. */
  pollMs?: number;
  /** A claimed message not finished by then (its process died) is handed out again. */
  leaseMs?: number;
}

const BATCH = 20;

export function createDbMessageQueue(db: Kysely<DB>, ids: IdGenerator, logger: Logger, opts: DbMessageQueueOptions = {}): MessageQueue {
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const w of wakers) w();
  };
  const runAt = (options?: MessageQueueEnqueueOptions) => {
    const delay = options?.delay ? Math.max(0, options.delay.total({ unit: 'millisecond' })) : 0;
    return new Date(Date.now() + delay).toISOString();
  };
  return {
    // Fedify retries failed deliveries itself by queueing them again with a delay.
    nativeRetrial: false,
    async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
      const now = new Date().toISOString();
      await queueInsert(db, [{ id: ids.next(), message: JSON.stringify(message), run_at: runAt(options), created_at: now }]);
      wake();
    },
    async enqueueMany(messages: unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
      const now = new Date().toISOString();
      const at = runAt(options);
      await queueInsert(
        db,
        messages.map((m) => ({ id: ids.next(), message: JSON.stringify(m), run_at: at, created_at: now })),
      );
      wake();
    },
    async listen(handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
      const signal = options?.signal;
      while (!signal?.aborted) {
        let handled = 0;
        try {
          const now = new Date();
          for (const row of await queueDue(db, now.toISOString(), BATCH)) {
            if (signal?.aborted) break;
            const claimed = await queueClaim(db, row.id, new Date().toISOString(), new Date(Date.now() + leaseMs).toISOString());
            if (!claimed) continue;
            try {
              await handler(JSON.parse(row.message));
            } catch (err) {
              logger.error({ err }, 'federation queue message failed');
            }
            await queueDelete(db, row.id);
            handled++;
          }
        } catch (err) {
          if (signal?.aborted) break;
          logger.error({ err }, 'federation queue poll failed');
        }
        if (handled > 0) continue;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            wakers.delete(done);
            signal?.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, pollMs);
          wakers.add(done);
          signal?.addEventListener('abort', done, { once: true });
        });
      }
    },
  };
}
