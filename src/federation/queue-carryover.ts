import type { MessageQueue } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { queueClaim, queueDelete, queueDue } from './federation.store.js';

const FAR = '9999-12-31T00:00:00.000Z';

/**
 * Messages left in the database queue (federation_queue) by a run without REDIS_URL, moved into the Redis queue
 * once Redis is configured, keeping what is left of their delay: deliveries are not lost in the switch. Each is
 * claimed first, so two processes starting at once do not both move it. The number moved.
 */
export async function carryOverDbQueue(db: Kysely<DB>, target: MessageQueue, logger: Logger): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await queueDue(db, FAR, 100);
    if (rows.length === 0) break;
    let claimedAny = false;
    for (const row of rows) {
      const now = new Date();
      if (!(await queueClaim(db, row.id, now.toISOString(), new Date(now.getTime() + 60_000).toISOString()))) continue;
      claimedAny = true;
      const delay = Math.max(0, Date.parse(row.run_at) - Date.now());
      await target.enqueue(JSON.parse(row.message), delay > 0 ? { delay: Temporal.Duration.from({ milliseconds: delay }) } : undefined);
      await queueDelete(db, row.id);
      moved++;
    }
    if (!claimedAny) break;
  }
  if (moved > 0) logger.info({ moved }, 'federation: messages of the database queue moved to Redis');
  return moved;
}
