import type { DeletedStatusHooksDeps, PublishedStatusHooksDeps, UpvoteHooksDeps } from '../domain/statuses/hooks.js';
import type { FederationDeps } from './deps.js';
import type { FederationService } from './federation.js';

/**
 * Starts the queue; every published local post (and echo) is delivered to its author's remote followers, and so is
 * its deletion; an upvote of a remote post goes to its author.
 */
export function startFederation(
  ctx: FederationDeps & PublishedStatusHooksDeps & DeletedStatusHooksDeps & UpvoteHooksDeps & { federation: FederationService },
): void {
  ctx.federation.start(ctx);
  ctx.publishedStatusHooks.push((statusId) => ctx.federation.deliverStatus(statusId));
  ctx.deletedStatusHooks.push((row) => ctx.federation.retractStatus(row));
  ctx.upvoteHooks.push((accountId, statusId, added) => ctx.federation.deliverUpvote(accountId, statusId, added));
}
