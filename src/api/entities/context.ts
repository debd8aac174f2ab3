import type { LoadedStatuses } from '../../domain/statuses/status-loader.js';
import type { EntityContext } from './entity-context.js';
import { type StatusEntity, serializeStatuses } from './status.js';

/** Mastodon's Context entity: https://docs.joinmastodon.org/entities/Context/ */
export interface ContextEntity {
  ancestors: StatusEntity[];
  descendants: StatusEntity[];
}

/** A thread loaded as one page of posts, split back into what comes before the post and what answers it. */
export function serializeStatusContext(ctx: EntityContext, loaded: LoadedStatuses, ancestorIds: ReadonlySet<string>): ContextEntity {
  const all = serializeStatuses(ctx, loaded);
  return { ancestors: all.filter((s) => ancestorIds.has(s.id)), descendants: all.filter((s) => !ancestorIds.has(s.id)) };
}
