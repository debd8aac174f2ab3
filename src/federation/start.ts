import type {
  DeletedStatusHooksDeps,
  DirectStatusHooksDeps,
  EditedStatusHooksDeps,
  PublishedStatusHooksDeps,
  UpvoteHooksDeps,
} from '../domain/statuses/hooks.js';
import type { FederationDeps } from './deps.js';
import type { FederationService } from './federation.js';

/**
 * Starts the queue; every published local post (and echo) is delivered to whom it addresses on other servers
 * (direct posts through the direct-post hook), and so are its edits and its deletion; an upvote of a remote post
 * goes to its author.
 */
export function startFederation(
  ctx: FederationDeps &
    PublishedStatusHooksDeps &
    DirectStatusHooksDeps &
    EditedStatusHooksDeps &
    DeletedStatusHooksDeps &
    UpvoteHooksDeps & { federation: FederationService },
): void {
  ctx.federation.start(ctx);
  ctx.publishedStatusHooks.push((statusId) => ctx.federation.deliverStatus(statusId));
  ctx.directStatusHooks.push((statusId) => ctx.federation.deliverStatus(statusId));
  ctx.editedStatusHooks.push((statusId) => ctx.federation.deliverEdit(statusId));
  ctx.deletedStatusHooks.push((row) => ctx.federation.retractStatus(row));
  ctx.upvoteHooks.push((accountId, statusId, added) => ctx.federation.deliverUpvote(accountId, statusId, added));
}
