import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changed } from '../../infra/versions.js';
import { findAccountById } from '../accounts/accounts.store.js';
import { deleteEndorsement } from '../endorsements/endorsements.store.js';
import { removeFromOwnersLists } from '../lists/lists.store.js';
import type { NotifyDeps } from '../notifications/notify.js';
import { createNotification } from '../notifications/notify.js';
import { nowIso } from '../time.js';
import { addAuthorToFeed, removeAuthorFromFeed } from '../timelines/feed.store.js';
import { relationsWithDomain } from './domain-relations.store.js';
import { pendingRequesters } from './relationship-lists.store.js';
import {
  blockedEitherWay,
  deleteBlock,
  deleteFollow,
  deleteFollowRequest,
  deleteMute,
  findFollow,
  findFollowRequest,
  insertBlock,
  insertFollow,
  insertFollowRequest,
  loadRelationshipFacts,
  type RelationshipFacts,
  saveAccountNote,
  updateFollowOptions,
  updateFollowRequestOptions,
  upsertMute,
} from './relationships.store.js';
import type { RemoteRelationsDeps } from './remote-relations.js';

export type RelationshipsDeps = Pick<Infra, 'db' | 'ids'> & ChangeDeps & NotifyDeps & RemoteRelationsDeps;

export type { RelationshipFacts };

/** Both homes (feeds, who may see what) and both accounts (follower and following counts) render differently now. */
function relationChanged(ctx: RelationshipsDeps, a: string, b: string): Promise<void> {
  return changed(ctx, { accounts: [a, b], homes: [a, b] });
}

export async function relationshipFacts(ctx: Pick<Infra, 'db'>, viewerId: string, targetIds: string[]): Promise<RelationshipFacts> {
  return loadRelationshipFacts(ctx.db, viewerId, targetIds, nowIso());
}

/** The target of an action: it must exist and not be suspended, and nobody acts on themselves. */
async function actionTarget(ctx: RelationshipsDeps, viewerId: string, targetId: string) {
  const target = await findAccountById(ctx.db, targetId);
  if (!target || target.suspended_at) throw new NotFoundError();
  if (target.id === viewerId) throw new ForbiddenError('This action is not allowed');
  return target;
}

export interface FollowOptions {
  reblogs?: boolean;
  notify?: boolean;
  languages?: string[] | null;
}

/**
 * Follows an account, or asks to when it is locked (a follow_request notification instead of a follow one).
 * Following again only updates the options. Nobody follows across a block.
 */
export async function follow(ctx: RelationshipsDeps, viewerId: string, targetId: string, opts: FollowOptions = {}): Promise<void> {
  const target = await actionTarget(ctx, viewerId, targetId);
  if (await blockedEitherWay(ctx.db, viewerId, targetId)) throw new ForbiddenError('This action is not allowed');
  const set: { show_reblogs?: number; notify?: number; languages?: string | null } = {};
  if (opts.reblogs !== undefined) set.show_reblogs = opts.reblogs ? 1 : 0;
  if (opts.notify !== undefined) set.notify = opts.notify ? 1 : 0;
  if (opts.languages !== undefined) set.languages = opts.languages?.length ? JSON.stringify(opts.languages) : null;

  if (await findFollow(ctx.db, viewerId, targetId)) {
    await updateFollowOptions(ctx.db, viewerId, targetId, set);
    await relationChanged(ctx, viewerId, targetId);
    return;
  }
  const now = nowIso();
  // A remote account is asked through its server, and followed once that server accepts (src/federation).
  if (target.locked === 1 || target.domain !== null) {
    if (await findFollowRequest(ctx.db, viewerId, targetId)) {
      const { languages: _ignored, ...requestSet } = set;
      await updateFollowRequestOptions(ctx.db, viewerId, targetId, requestSet);
      return;
    }
    const created = await insertFollowRequest(ctx.db, {
      id: ctx.ids.next(),
      account_id: viewerId,
      target_account_id: targetId,
      show_reblogs: set.show_reblogs ?? 1,
      notify: set.notify ?? 0,
      created_at: now,
    });
    if (created && target.domain !== null) await ctx.federation.requestFollow(viewerId, target);
    else if (created) await createNotification(ctx, { type: 'follow_request', accountId: targetId, fromAccountId: viewerId });
    return;
  }
  const created = await inTransaction(ctx.db, (trx) =>
    insertFollow(trx, {
      id: ctx.ids.next(),
      account_id: viewerId,
      target_account_id: targetId,
      show_reblogs: set.show_reblogs ?? 1,
      notify: set.notify ?? 0,
      languages: set.languages ?? null,
      created_at: now,
    }),
  );
  // Another request made the follow meanwhile: this one's options apply, as they would had it come second.
  if (!created) await updateFollowOptions(ctx.db, viewerId, targetId, set);
  if (created) {
    await addAuthorToFeed(ctx.db, viewerId, targetId);
    await relationChanged(ctx, viewerId, targetId);
    await createNotification(ctx, { type: 'follow', accountId: targetId, fromAccountId: viewerId });
  }
}

/**
 * Ends `followerId`'s follow of `targetId` with what only a follow allows: the target leaves the follower's lists and
 * endorsements, as in Mastodon. Inside the caller's transaction; true when there was a follow.
 */
async function endFollow(trx: Transaction<DB>, followerId: string, targetId: string): Promise<boolean> {
  const removed = await deleteFollow(trx, followerId, targetId);
  await removeFromOwnersLists(trx, followerId, targetId);
  await deleteEndorsement(trx, followerId, targetId);
  return removed;
}

/** Unfollows, or withdraws a pending request. */
export async function unfollow(ctx: RelationshipsDeps, viewerId: string, targetId: string): Promise<void> {
  const target = await findAccountById(ctx.db, targetId);
  if (!target) throw new NotFoundError();
  const { removed, requested } = await inTransaction(ctx.db, async (trx) => {
    const r = await endFollow(trx, viewerId, targetId);
    const q = await deleteFollowRequest(trx, viewerId, targetId);
    return { removed: r, requested: q };
  });
  if (removed) await removeAuthorFromFeed(ctx.db, viewerId, targetId);
  if ((removed || requested) && target.domain !== null) await ctx.federation.undoFollow(viewerId, target);
  await relationChanged(ctx, viewerId, targetId);
}

/** Removes an account from the viewer's followers. */
export async function removeFromFollowers(ctx: RelationshipsDeps, viewerId: string, targetId: string): Promise<void> {
  await actionTarget(ctx, viewerId, targetId);
  const removed = await inTransaction(ctx.db, (trx) => endFollow(trx, targetId, viewerId));
  if (removed) await removeAuthorFromFeed(ctx.db, targetId, viewerId);
  await relationChanged(ctx, viewerId, targetId);
}

/** Accepts a pending request: it becomes a follow. */
export async function authorizeFollowRequest(ctx: RelationshipsDeps, viewerId: string, requesterId: string): Promise<void> {
  const request = await findFollowRequest(ctx.db, requesterId, viewerId);
  if (!request) throw new NotFoundError();
  await inTransaction(ctx.db, async (trx) => {
    await deleteFollowRequest(trx, requesterId, viewerId);
    await insertFollow(trx, {
      id: ctx.ids.next(),
      account_id: requesterId,
      target_account_id: viewerId,
      show_reblogs: request.show_reblogs,
      notify: request.notify,
      languages: null,
      created_at: nowIso(),
    });
  });
  await addAuthorToFeed(ctx.db, requesterId, viewerId);
  await relationChanged(ctx, viewerId, requesterId);
  const requester = await findAccountById(ctx.db, requesterId);
  if (requester && requester.domain !== null) await ctx.federation.acceptFollower(viewerId, requester);
}

export async function rejectFollowRequest(ctx: RelationshipsDeps, viewerId: string, requesterId: string): Promise<void> {
  const removed = await inTransaction(ctx.db, (trx) => deleteFollowRequest(trx, requesterId, viewerId));
  if (!removed) throw new NotFoundError();
  const requester = await findAccountById(ctx.db, requesterId);
  if (requester && requester.domain !== null) await ctx.federation.rejectFollower(viewerId, requester);
}

/**
 * Blocks: follows and follow requests end both ways, and each leaves the other's home feed. A local account's block
 * of a remote one is sent to its server (Block); a remote account's block of a local one arrives the same way.
 */
export async function block(ctx: RelationshipsDeps, viewerId: string, targetId: string): Promise<void> {
  const target = await actionTarget(ctx, viewerId, targetId);
  await inTransaction(ctx.db, async (trx) => {
    await insertBlock(trx, { id: ctx.ids.next(), account_id: viewerId, target_account_id: targetId, created_at: nowIso() });
    await endFollow(trx, viewerId, targetId);
    await endFollow(trx, targetId, viewerId);
    await deleteFollowRequest(trx, viewerId, targetId);
    await deleteFollowRequest(trx, targetId, viewerId);
  });
  await removeAuthorFromFeed(ctx.db, viewerId, targetId);
  await removeAuthorFromFeed(ctx.db, targetId, viewerId);
  await relationChanged(ctx, viewerId, targetId);
  if (target.domain !== null) await ctx.federation.deliverBlock(viewerId, target, true);
}

export async function unblock(ctx: RelationshipsDeps, viewerId: string, targetId: string): Promise<void> {
  const target = await findAccountById(ctx.db, targetId);
  if (!target) throw new NotFoundError();
  await deleteBlock(ctx.db, viewerId, targetId);
  await relationChanged(ctx, viewerId, targetId);
  if (target.domain !== null) await ctx.federation.deliverBlock(viewerId, target, false);
}

/**
 * A person blocked a server: their follows of its accounts and its accounts' follows of them (and requests either
 * way) end in one transaction with `also` (the block itself), and that server is told (Undo(Follow), Reject), as
 * Mastodon's AfterBlockDomainFromAccountService does.
 */
export async function endRelationsWithDomain(
  ctx: RelationshipsDeps,
  accountId: string,
  domain: string,
  also: (trx: Transaction<DB>) => Promise<void>,
): Promise<void> {
  const ended = await ctx.db.transaction().execute(async (trx) => {
    await also(trx);
    const r = await relationsWithDomain(trx, accountId, domain);
    for (const id of r.following) await endFollow(trx, accountId, id);
    for (const id of r.followers) await endFollow(trx, id, accountId);
    for (const id of r.requested) await deleteFollowRequest(trx, accountId, id);
    for (const id of r.requestedBy) await deleteFollowRequest(trx, id, accountId);
    return r;
  });
  for (const id of ended.following) await removeAuthorFromFeed(ctx.db, accountId, id);
  const others = [...new Set([...ended.following, ...ended.followers, ...ended.requested, ...ended.requestedBy])];
  if (others.length > 0) await changed(ctx, { accounts: [accountId, ...others], homes: [accountId] });
  for (const id of others) {
    const other = await findAccountById(ctx.db, id);
    if (!other || other.domain === null) continue;
    if (ended.following.includes(id) || ended.requested.includes(id)) await ctx.federation.undoFollow(accountId, other);
    if (ended.followers.includes(id) || ended.requestedBy.includes(id)) await ctx.federation.rejectFollower(accountId, other);
  }
}

/** Mutes (notifications too unless told otherwise), for `durationSeconds` or for good when 0 or absent. */
export async function mute(
  ctx: RelationshipsDeps,
  viewerId: string,
  targetId: string,
  opts: { notifications?: boolean; durationSeconds?: number },
): Promise<void> {
  await actionTarget(ctx, viewerId, targetId);
  const expiresAt = opts.durationSeconds ? new Date(Date.now() + opts.durationSeconds * 1000).toISOString() : null;
  await upsertMute(ctx.db, {
    id: ctx.ids.next(),
    account_id: viewerId,
    target_account_id: targetId,
    hide_notifications: opts.notifications === false ? 0 : 1,
    expires_at: expiresAt,
    created_at: nowIso(),
  });
  // As in Mastodon, a muted account's posts leave the home feed (and come back on unmute).
  await removeAuthorFromFeed(ctx.db, viewerId, targetId);
  await relationChanged(ctx, viewerId, targetId);
}

export async function unmute(ctx: RelationshipsDeps, viewerId: string, targetId: string): Promise<void> {
  const target = await findAccountById(ctx.db, targetId);
  if (!target) throw new NotFoundError();
  await deleteMute(ctx.db, viewerId, targetId);
  if (await findFollow(ctx.db, viewerId, targetId)) await addAuthorToFeed(ctx.db, viewerId, targetId);
  await relationChanged(ctx, viewerId, targetId);
}

/** When a locked account opens up, the requests waiting for it become follows, as in Mastodon. */
export async function acceptAllFollowRequests(ctx: RelationshipsDeps, accountId: string): Promise<number> {
  const requesters = await pendingRequesters(ctx.db, accountId);
  for (const requesterId of requesters) await authorizeFollowRequest(ctx, accountId, requesterId);
  return requesters.length;
}

export const MAX_ACCOUNT_NOTE = 2000;

/** A private note about an account, seen only by its writer (Relationship.note). */
export async function setAccountNote(ctx: RelationshipsDeps, viewerId: string, targetId: string, comment: string): Promise<void> {
  const target = await findAccountById(ctx.db, targetId);
  if (!target) throw new NotFoundError();
  if ([...comment].length > MAX_ACCOUNT_NOTE)
    throw new ValidationError(`Validation failed: comment is too long (maximum is ${MAX_ACCOUNT_NOTE} characters)`, 'comment');
  await saveAccountNote(ctx.db, viewerId, targetId, comment.trim(), nowIso());
}
