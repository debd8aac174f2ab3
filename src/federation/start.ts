import type { PublishedStatusHooksDeps } from '../domain/statuses/hooks.js';
import type { FederationDeps } from './deps.js';
import type { FederationService } from './federation.js';

/** Starts the queue and has every published local post delivered to its author's remote followers. */
export function startFederation(ctx: FederationDeps & PublishedStatusHooksDeps & { federation: FederationService }): void {
  ctx.federation.start(ctx);
  ctx.publishedStatusHooks.push((statusId) => ctx.federation.deliverStatus(statusId));
}
