import type { AppContext } from '../../context.js';
import type { ThreadContext } from '../../domain/statuses/thread.service.js';
import { type StatusEntity, serializeStatuses } from './status.js';

/** Mastodon's Context entity: https://docs.joinmastodon.org/entities/Context/ */
export interface ContextEntity {
  ancestors: StatusEntity[];
  descendants: StatusEntity[];
}

export async function serializeStatusContext(ctx: AppContext, thread: ThreadContext, viewerId: string | null): Promise<ContextEntity> {
  const all = await serializeStatuses(ctx, [...thread.ancestors, ...thread.descendants], viewerId, { filterContext: 'thread' });
  const ancestorIds = new Set(thread.ancestors.map((s) => s.id));
  return { ancestors: all.filter((s) => ancestorIds.has(s.id)), descendants: all.filter((s) => !ancestorIds.has(s.id)) };
}
