import { type Context, type InboxContext, isActor, Move } from '@fedify/fedify';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { aliasUrisOf, insertAlias, localAccountNames } from '../domain/accounts/aliases.store.js';
import { accountMoved, type RemoteMoving } from '../domain/accounts/moving.js';
import { findAccountByUri, remoteFollowerInboxes } from '../domain/accounts/remote-accounts.store.js';
import { nowIso } from '../domain/time.js';
import type { Infra } from '../infra/infra.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { actorKeyPairs } from './keys.js';
import { recipientsOfInboxes as recipientsOf } from './recipients.js';
import { storeRemoteActor } from './remote-actors.js';

// Moving accounts across servers, as Mastodon does (https://docs.joinmastodon.org/spec/activitypub/#Move): aliases as
// `alsoKnownAs` and the new home as `movedTo` on the actor; Move sent to the followers' servers; an incoming Move
// believed only when its target lists the origin among its aliases, checked on the target's own document.

export interface FederationMoving extends RemoteMoving {
  /**
   * After a restore on a new domain: every local account says it also is its actor on `origin` (the old address)
   * and sends Move from there to here to its remote followers, signed with the key it had there (the same one,
   * restored). Queued in the database: a server process delivers it. Counts of accounts and deliveries queued.
   */
  announceMovesFrom(origin: string): Promise<{ accounts: number; deliveries: number }>;
}

/** Fetches an actor document afresh (the document loader does not cache), stored; null when it is not an actor. */
async function fetchActor(ctx: Context<FederationDeps>, uri: string) {
  const actor = await ctx.lookupObject(uri);
  if (!isActor(actor) || actor.id?.href !== uri) return null;
  const accountId = await storeRemoteActor(ctx, actor);
  return accountId ? { actor, accountId } : null;
}

export function createMoving(
  infra: Pick<Infra, 'db' | 'ids' | 'logger' | 'config'>,
  context: () => Context<FederationDeps>,
  resolveAccount: (username: string, domain: string) => Promise<string | null>,
): FederationMoving {
  const { db, logger } = infra;
  return {
    async remoteActor(handleOrUrl) {
      if (/^https?:\/\//i.test(handleOrUrl)) {
        try {
          const found = await fetchActor(context(), handleOrUrl);
          return found ? { accountId: found.accountId, uri: handleOrUrl } : null;
        } catch (err) {
          logger.info({ err, url: handleOrUrl }, 'actor not resolved');
          return null;
        }
      }
      const at = handleOrUrl.lastIndexOf('@');
      if (at <= 0) return null;
      const id = await resolveAccount(handleOrUrl.slice(0, at), handleOrUrl.slice(at + 1));
      const row = id ? await findAccountById(db, id) : undefined;
      return row?.uri ? { accountId: row.id, uri: row.uri } : null;
    },

    async currentAliases(uri) {
      try {
        const found = await fetchActor(context(), uri);
        return found ? found.actor.aliasIds.map((u) => u.href) : null;
      } catch (err) {
        logger.info({ err, uri }, 'move target not fetched');
        return null;
      }
    },

    async deliverMove(localId, targetUri) {
      const local = await findAccountById(db, localId);
      if (!local || local.domain !== null) return;
      const recipients = recipientsOf(await remoteFollowerInboxes(db, local.id));
      if (recipients.length === 0) return;
      const ctx = context();
      const actor = ctx.getActorUri(local.username);
      const move = new Move({
        id: new URL(`#moves/${Date.now()}`, actor),
        actor,
        object: actor,
        target: new URL(targetUri),
        tos: [ctx.getFollowersUri(local.username)],
      });
      await ctx.sendActivity({ identifier: local.username }, recipients, move, { preferSharedInbox: true });
    },

    async announceMovesFrom(origin) {
      const ctx = context();
      const from = new URL(origin).origin;
      let accounts = 0;
      let deliveries = 0;
      for (const { id, username } of await localAccountNames(db)) {
        const oldUri = new URL(`/users/${username}`, from);
        const newUri = ctx.getActorUri(username);
        if (oldUri.href === newUri.href) continue;
        // The new actor names the old one, so servers that check the alias (Mastodon, Tribune) believe the Move.
        await insertAlias(db, { id: infra.ids.next(), account_id: id, uri: oldUri.href, created_at: nowIso() });
        accounts++;
        const recipients = recipientsOf(await remoteFollowerInboxes(db, id));
        if (recipients.length === 0) continue;
        // Signed as the old actor with the key it had there (restored with the rest): servers that know the old
        // account verify it with the key they keep, without fetching the old address.
        const [rsa] = await actorKeyPairs(infra, id);
        if (!rsa) continue;
        const move = new Move({
          id: new URL(`#moves/${Date.now()}`, oldUri),
          actor: oldUri,
          object: oldUri,
          target: newUri,
          tos: [new URL(`${oldUri.href}/followers`)],
        });
        await ctx.sendActivity({ keyId: new URL('#main-key', oldUri), privateKey: rsa.privateKey }, recipients, move, { preferSharedInbox: true });
        deliveries += recipients.length;
      }
      return { accounts, deliveries };
    },
  };
}

/**
 * Move from a remote account: believed only when the target lists the origin in its aliases (its own document,
 * fetched now, or a local account's aliases); the origin is then marked moved and its local followers follow the
 * target instead.
 */
export async function onMove(ctx: InboxContext<FederationDeps>, move: Move): Promise<void> {
  if (!move.actorId || !move.targetId || move.objectId?.href !== move.actorId.href) return;
  const origin = await findAccountByUri(ctx.data.db, move.actorId.href);
  if (!origin || origin.domain === null || origin.suspended_at) return;
  const target = move.targetId;
  let targetId: string | null = null;
  const parsed = ctx.parseUri(target);
  if (parsed?.type === 'actor') {
    const local = await localActor(ctx.data, parsed.identifier);
    if (local && (await aliasUrisOf(ctx.data.db, local.id)).includes(origin.uri!)) targetId = local.id;
  } else {
    const found = await fetchActor(ctx, target.href).catch(() => null);
    if (found?.actor.aliasIds.some((u) => u.href === origin.uri)) targetId = found.accountId;
  }
  if (!targetId || targetId === origin.id) {
    ctx.data.logger.info({ origin: origin.uri, target: target.href }, 'move refused: the target does not name the origin as an alias');
    return;
  }
  await accountMoved(ctx.data, origin.id, targetId);
}
