import { type Activity, type Block, type Flag, Follow, type InboxContext, isActor, Note, type Reject, type Undo } from '@fedify/fedify';
import { findAccountByUri } from '../domain/accounts/remote-accounts.store.js';
import { rejectsReports } from '../domain/domain-blocks/border-policy.js';
import { block, unblock, unfollow } from '../domain/relationships/relationships.service.js';
import { findStatus } from '../domain/statuses/statuses.store.js';
import { createReport } from '../moderation/reports.service.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { storeRemoteActor } from './remote-actors.js';
import { federates } from './vocab.js';

// Incoming activities about people rather than posts: blocks, refused follows and reports (Flag) from other
// servers, registered on the inboxes by inbox.ts.

type Ctx = InboxContext<FederationDeps>;

async function localAccount(ctx: Ctx, uri: URL | null) {
  const parsed = uri ? ctx.parseUri(uri) : null;
  return parsed?.type === 'actor' ? localActor(ctx.data, parsed.identifier) : undefined;
}

/** The remote account that sent `activity`, stored from its actor document when new; null if unusable or suspended. */
async function remoteSender(ctx: Ctx, activity: Activity): Promise<string | null> {
  if (!activity.actorId) return null;
  const known = await findAccountByUri(ctx.data.db, activity.actorId.href);
  if (known) return known.suspended_at || known.domain === null ? null : known.id;
  const actor = await activity.getActor(ctx);
  if (!actor || !isActor(actor) || actor.id?.href !== activity.actorId.href) return null;
  return storeRemoteActor(ctx, actor);
}

/**
 * A remote account blocks a local one: follows end both ways and the block is kept as a local one is, so each is
 * hidden from the other as Mastodon hides a remote block (ActivityPub::Activity::Block).
 */
export async function onBlock(ctx: Ctx, activity: Block): Promise<void> {
  const local = await localAccount(ctx, activity.objectId);
  if (!local) return;
  const remoteId = await remoteSender(ctx, activity);
  if (!remoteId) return;
  await block(ctx.data, remoteId, local.id);
}

/** Undo(Block) from the account that blocked: the block is lifted (the follows it ended stay ended). */
export async function onUndoBlock(ctx: Ctx, undo: Undo, object: Block): Promise<void> {
  if (!undo.actorId || object.actorId?.href !== undo.actorId.href) return;
  const [remote, local] = await Promise.all([findAccountByUri(ctx.data.db, undo.actorId.href), localAccount(ctx, object.objectId)]);
  if (!remote || remote.domain === null || !local) return;
  await unblock(ctx.data, remote.id, local.id);
}

/** A remote account turned down (or ended) a local account's follow: the request or the follow is gone. */
export async function onReject(ctx: Ctx, reject: Reject): Promise<void> {
  if (!reject.actorId) return;
  const remote = await findAccountByUri(ctx.data.db, reject.actorId.href);
  if (!remote || remote.domain === null) return;
  // The Follow comes embedded with the id its sender (here) gave it: taken as sent rather than fetched from that id,
  // which is safe because it only counts when it is a local account's follow of the very account rejecting it.
  const follow = await reject.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader, crossOrigin: 'trust' }).catch(() => null);
  // A Reject of something else (a quote request, say) is not about a follow.
  if (follow !== null && !(follow instanceof Follow)) return;
  const local = follow instanceof Follow ? await localAccount(ctx, follow.actorId) : ctx.recipient ? await localActor(ctx.data, ctx.recipient) : undefined;
  if (!local || (follow instanceof Follow && follow.objectId?.href !== remote.uri)) return;
  // Telling the remote server the follow is undone as well does no harm: it has already let it go.
  await unfollow(ctx.data, local.id, remote.id);
}

/**
 * A report from another server (Flag, sent by its instance actor or a person): one report for each local account it
 * names, with the posts of that account it names, in the moderation queue marked with the server it came from.
 * Dropped when an admin's domain block rejects that server's reports.
 */
export async function onFlag(ctx: Ctx, flag: Flag): Promise<void> {
  if (!flag.actorId) return;
  const domain = flag.actorId.host.toLowerCase();
  if (await rejectsReports(ctx.data.db, domain)) {
    ctx.data.logger.info({ domain }, 'report from a server whose reports are rejected: dropped');
    return;
  }
  const reported = new Map<string, string[]>();
  for (const uri of flag.objectIds) {
    const parsed = ctx.parseUri(uri);
    if (parsed?.type === 'actor') {
      const account = await localActor(ctx.data, parsed.identifier);
      if (account && !reported.has(account.id)) reported.set(account.id, []);
    } else if (parsed?.type === 'object' && parsed.class === Note) {
      const { identifier, id } = parsed.values;
      if (!identifier || !id || !/^[0-9]{1,19}$/.test(id)) continue;
      const [author, s] = await Promise.all([localActor(ctx.data, identifier), findStatus(ctx.data.db, id)]);
      if (!author || !s || s.account_id !== author.id || !federates(s)) continue;
      reported.set(author.id, [...(reported.get(author.id) ?? []), s.id]);
    }
  }
  if (reported.size === 0) return;
  const reporterId = await remoteSender(ctx, flag);
  if (!reporterId) return;
  const comment = String(flag.content ?? '').slice(0, 1000);
  for (const [accountId, statusIds] of reported)
    await createReport(ctx.data, reporterId, {
      accountId,
      statusIds,
      comment,
      ruleIds: [],
      forward: false,
      origin: { domain, uri: flag.id?.href ?? null },
    });
}
