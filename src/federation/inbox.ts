import {
  Accept,
  type Activity,
  Announce,
  Block,
  Create,
  Delete,
  type Federation,
  Flag,
  Follow,
  type InboxContext,
  isActor,
  Like,
  Move,
  Note,
  Reject,
  Undo,
  Update,
} from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { findAccountByUri } from '../domain/accounts/remote-accounts.store.js';
import { authorizeFollowRequest, follow, unfollow } from '../domain/relationships/relationships.service.js';
import { purge } from '../domain/statuses/deleting.js';
import { reblogStatus, unreblogStatus } from '../domain/statuses/echoes.js';
import { favourite, unfavourite } from '../domain/statuses/interactions.service.js';
import { findStatus, findStatusByUri } from '../domain/statuses/statuses.store.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { onAnnounceOfRemotePost } from './inbox-echoes.js';
import { onBlock, onFlag, onReject, onUndoBlock } from './inbox-moderation.js';
import { onCreateNote, onDeleteActor, onUpdate } from './inbox-notes.js';
import { onMove } from './move.js';
import { storeRemoteActor } from './remote-actors.js';
import { statusByUri } from './remote-notes.js';
import { federates } from './vocab.js';

/** Where the id of a remote account's Follow is kept until a locked local account answers it. */
export const followKey = (remoteId: string, localId: string) => ['tribune', 'follow', remoteId, localId] as const;

/** The local account an actor URI names on this server, if any. */
async function localByUri(ctx: InboxContext<FederationDeps>, uri: URL | null) {
  const parsed = uri ? ctx.parseUri(uri) : null;
  return parsed?.type === 'actor' ? localActor(ctx.data, parsed.identifier) : undefined;
}

/** A local post an object URI names (/users/<name>/statuses/<id>), if it federates. */
async function localStatusByUri(ctx: InboxContext<FederationDeps>, uri: URL | null) {
  const parsed = uri ? ctx.parseUri(uri) : null;
  if (parsed?.type !== 'object' || parsed.class !== Note) return undefined;
  const { identifier, id } = parsed.values;
  if (!identifier || !id || !/^[0-9]{1,19}$/.test(id)) return undefined;
  const [author, s] = await Promise.all([localActor(ctx.data, identifier), findStatus(ctx.data.db, id)]);
  return author && s && s.account_id === author.id && federates(s) ? s : undefined;
}

/** The remote account that sent `activity`, stored (or refreshed) from its actor document; null if unusable. */
async function senderOf(ctx: InboxContext<FederationDeps>, activity: Activity): Promise<string | null> {
  if (!activity.actorId) return null;
  const known = await findAccountByUri(ctx.data.db, activity.actorId.href);
  if (known) return known.suspended_at ? null : known.id;
  const actor = await activity.getActor(ctx);
  if (!actor || !isActor(actor) || actor.id?.href !== activity.actorId.href) return null;
  return storeRemoteActor(ctx, actor);
}

// Incoming activities, on each actor's inbox and the shared inbox. Fedify has verified their HTTP signatures
// before any of these runs, and queues them (federation_queue) so a slow handler does not hold the sender.
export function setInboxListeners(federation: Federation<FederationDeps>): void {
  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .withIdempotency('per-inbox')
    .on(Follow, async (ctx, activity) => {
      if (!activity.id || !activity.actorId) return;
      const local = await localByUri(ctx, activity.objectId);
      if (!local) return;
      const actor = await activity.getActor(ctx);
      if (!actor || !isActor(actor) || actor.id?.href !== activity.actorId.href) return;
      const remoteId = await storeRemoteActor(ctx, actor);
      if (!remoteId) return;
      const sender = { identifier: local.username };
      try {
        await follow(ctx.data, remoteId, local.id);
      } catch {
        // Blocked, or the account is gone: said no to, as Mastodon does.
        await ctx.sendActivity(
          sender,
          actor,
          new Reject({ id: new URL(`#reject/${Date.now()}`, ctx.getActorUri(local.username)), actor: ctx.getActorUri(local.username), object: activity }),
        );
        return;
      }
      if (local.locked === 1) {
        // A request waits for the local account: its answer must name this Follow.
        await ctx.data.federationKv.set([...followKey(remoteId, local.id)], activity.id.href);
        return;
      }
      await ctx.sendActivity(
        sender,
        actor,
        new Accept({ id: new URL(`#accept/${Date.now()}`, ctx.getActorUri(local.username)), actor: ctx.getActorUri(local.username), object: activity }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      if (!undo.actorId) return;
      const object = await undo.getObject(ctx);
      if (object instanceof Block) return onUndoBlock(ctx, undo, object);
      if ((object instanceof Announce || object instanceof Like) && object.actorId?.href === undo.actorId.href) {
        const [remote, s] = await Promise.all([
          findAccountByUri(ctx.data.db, undo.actorId.href),
          object.objectId ? statusByUri(ctx, object.objectId) : undefined,
        ]);
        if (!remote || !s) return;
        if (object instanceof Announce) await unreblogStatus(ctx.data, remote.id, s.id).catch(() => undefined);
        else await unfavourite(ctx.data, remote.id, s.id).catch(() => undefined);
        return;
      }
      if (!(object instanceof Follow) || object.actorId?.href !== undo.actorId.href) return;
      const [remote, local] = await Promise.all([findAccountByUri(ctx.data.db, undo.actorId.href), localByUri(ctx, object.objectId)]);
      if (!remote || !local) return;
      await unfollow(ctx.data, remote.id, local.id);
    })
    .on(Accept, async (ctx, accept) => {
      if (!accept.actorId) return;
      const remote = await findAccountByUri(ctx.data.db, accept.actorId.href);
      if (!remote) return;
      // The Follow accepted names its local follower; else the inbox it came to does.
      const object = await accept.getObject(ctx).catch(() => null);
      let local = object instanceof Follow ? await localByUri(ctx, object.actorId) : undefined;
      if (!local && ctx.recipient) local = await localActor(ctx.data, ctx.recipient);
      if (!local) return;
      await authorizeFollowRequest(ctx.data, remote.id, local.id).catch(() => undefined);
    })
    // Posts, their edits, profile updates and deleted accounts (inbox-notes.ts).
    .on(Create, onCreateNote)
    .on(Update, onUpdate)
    // Echoes and upvotes of local posts by remote accounts: counted, notified and fanned out as local ones are.
    // A post the remote account may not see (a block, say) is refused by the same checks.
    .on(Announce, async (ctx, announce) => {
      const s = await localStatusByUri(ctx, announce.objectId);
      if (!s) return onAnnounceOfRemotePost(ctx, announce);
      const remoteId = await senderOf(ctx, announce);
      if (!remoteId) return;
      await reblogStatus(ctx.data, remoteId, s.id).catch((err) => ctx.data.logger.info({ err }, 'remote echo refused'));
    })
    .on(Like, async (ctx, like) => {
      const s = await localStatusByUri(ctx, like.objectId);
      if (!s) return;
      const remoteId = await senderOf(ctx, like);
      if (!remoteId) return;
      await favourite(ctx.data, remoteId, s.id).catch((err) => ctx.data.logger.info({ err }, 'remote upvote refused'));
    })
    .on(Delete, async (ctx, del) => {
      if (await onDeleteActor(ctx, del)) return;
      if (!del.actorId || !del.objectId) return;
      const s = await findStatusByUri(ctx.data.db, del.objectId.href);
      if (!s) return;
      // Only its author's server may delete a post.
      const author = await findAccountById(ctx.data.db, s.account_id);
      if (author?.uri !== del.actorId.href) return;
      await purge(ctx.data, s);
    })
    .on(Block, onBlock)
    .on(Flag, onFlag)
    .on(Reject, onReject)
    .on(Move, onMove)
    .onError((ctx, error) => {
      ctx.data.logger.warn({ err: error }, 'inbox activity failed');
    });
}
