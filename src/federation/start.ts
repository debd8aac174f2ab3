import type { DeletedStatusHooksDeps, PublishedStatusHooksDeps } from '../domain/statuses/hooks.js';
import type { FederationDeps } from './deps.js';
import type { FederationService } from './federation.js';

/** Starts the queue; every published local post is delivered to its author's remote followers, and so is its deletion. */
export function startFederation(ctx: FederationDeps & PublishedStatusHooksDeps & DeletedStatusHooksDeps & { federation: FederationService }): void {
  ctx.federation.start(ctx);
  ctx.publishedStatusHooks.push((statusId) => ctx.federation.deliverStatus(statusId));
  ctx.deletedStatusHooks.push((row) => ctx.federation.retractStatus(row));
}
