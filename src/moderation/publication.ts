import type { AppContext } from '../context.js';

// The statuses area owns publication and fan-out; loaded lazily because it imports the screening hook.

/** A held post a moderator released: published and fanned out (homes, notifications, streams) as a new post. */
export async function publishReleasedStatus(ctx: AppContext, statusId: string): Promise<void> {
  const { publishHeldStatus } = await import('../domain/statuses/statuses.service.js');
  await publishHeldStatus(ctx, statusId);
}

/** A removed post restored on appeal is fanned out again (its counters never moved). */
export function refanOutStatus(ctx: AppContext, statusId: string): void {
  ctx.jobs.enqueue('statuses.fanout', { statusId });
}
