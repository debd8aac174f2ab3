import type { Infra } from '../infra/infra.js';
import type { ModStatusRow } from './targets.store.js';

/**
 * What moderation needs from the statuses area, which owns publication, deletion and fan-out. Declared here so that
 * moderation imports nothing of statuses (statuses import the screening); the composition root wires it in as
 * ctx.statusLifecycle, built by the statuses area with the dependencies it uses (src/domain/statuses/lifecycle.ts).
 */
export interface StatusLifecycle {
  /** A held post a moderator released: published and fanned out (homes, notifications, streams) as a new post. */
  publishHeld(statusId: string): Promise<void>;
  /** Deletes a post for good (echoes, counters, streams); false when it was gone already. */
  purge(row: ModStatusRow): Promise<boolean>;
}

/** A removed post restored on appeal is fanned out again (its counters never moved). */
export function refanOutStatus(ctx: Pick<Infra, 'jobs'>, statusId: string): void {
  ctx.jobs.enqueue('statuses.fanout', { statusId });
}
