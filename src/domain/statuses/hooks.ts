import type { StatusRow } from './statuses.store.js';

/**
 * The conversations area learns of direct posts through this hook (registered at start, kept in
 * ctx.directStatusHooks so nothing is a module-level singleton). Hooks run after the post is committed and fanned
 * out; each closes over the dependencies it uses.
 */
export type DirectStatusHook = (statusId: string) => Promise<void>;

export interface DirectStatusHooksDeps {
  directStatusHooks: DirectStatusHook[];
}

export function onDirectStatus(ctx: DirectStatusHooksDeps, hook: DirectStatusHook): void {
  ctx.directStatusHooks.push(hook);
}

export function directStatusHooks(ctx: DirectStatusHooksDeps): readonly DirectStatusHook[] {
  return ctx.directStatusHooks;
}

/**
 * Run after every published post's first fan-out job (federation delivers local public posts through it). A hook
 * may run again when the job is retried, and must ignore posts it has nothing to do with.
 */
export type PublishedStatusHook = (statusId: string) => Promise<void>;

export interface PublishedStatusHooksDeps {
  publishedStatusHooks: PublishedStatusHook[];
}

/** Run after a published post's edit is announced (its `statuses.edited` job): federation sends Update(Note). */
export type EditedStatusHook = (statusId: string) => Promise<void>;

export interface EditedStatusHooksDeps {
  editedStatusHooks: EditedStatusHook[];
}

/**
 * Run after a post is deleted for good (by its author or a moderator), with the row as it was: federation tells
 * the servers that received it.
 */
export type DeletedStatusHook = (row: StatusRow) => Promise<void>;

export interface DeletedStatusHooksDeps {
  deletedStatusHooks: DeletedStatusHook[];
}

/**
 * Run after an upvote (favourite) is added or taken back, once committed and only when it changed something:
 * federation tells a remote post's server (Like, Undo(Like)).
 */
export type UpvoteHook = (accountId: string, statusId: string, added: boolean) => Promise<void>;

export interface UpvoteHooksDeps {
  upvoteHooks: UpvoteHook[];
}

/** Runs each upvote hook; one that fails is logged, never fails the upvote. */
export async function runUpvoteHooks(
  ctx: UpvoteHooksDeps & { logger: { error(o: object, msg: string): void } },
  accountId: string,
  statusId: string,
  added: boolean,
): Promise<void> {
  for (const hook of ctx.upvoteHooks) {
    try {
      await hook(accountId, statusId, added);
    } catch (err) {
      ctx.logger.error({ err, statusId }, 'upvote hook failed');
    }
  }
}
