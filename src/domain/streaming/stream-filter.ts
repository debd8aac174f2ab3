import type { Infra } from '../../infra/infra.js';
import { nowIso } from '../time.js';
import { streamFilteredFor } from './streaming.store.js';

/**
 * Whether a streamed post stays away from this reader: it involves someone the reader mutes or blocks, or its
 * author blocks the reader. One query per post and subscriber.
 */
export function streamHides(ctx: Pick<Infra, 'db'>, viewerId: string, involvedIds: string[], authorIds: string[]): Promise<boolean> {
  return streamFilteredFor(ctx.db, viewerId, involvedIds, authorIds, nowIso());
}
