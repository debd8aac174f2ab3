import './node20.js';
import {
  Accept,
  Announce,
  type Context,
  createFederation,
  type Federation,
  Follow,
  getDocumentLoader,
  isActor,
  type KvStore,
  Like,
  Note,
  PUBLIC_COLLECTION,
  Undo,
} from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { findAccountById, findAccountByUsername } from '../domain/accounts/accounts.store.js';
import { remoteFollowerInboxes } from '../domain/accounts/remote-accounts.store.js';
import type { RemoteProfile } from '../domain/accounts/remote-profile.js';
import { isDomainSuspended } from '../domain/domain-blocks/domain-blocks.service.js';
import type { RemotePolls } from '../domain/polls/remote-polls.js';
import type { RemoteRelations } from '../domain/relationships/remote-relations.js';
import type { RemoteLookup } from '../domain/search/remote-lookup.js';
import type { StatusRow } from '../domain/statuses/statuses.store.js';
import { findStatus } from '../domain/statuses/statuses.store.js';
import type { Infra } from '../infra/infra.js';
import { assertFetchable } from './address-guard.js';
import { type BorderDelivery, createBorderDelivery } from './border-delivery.js';
import type { FederationDeps } from './deps.js';
import { setDispatchers } from './dispatchers.js';
import { setFeaturedDispatcher } from './featured.js';
import { routeFedifyLogs } from './fedify-logs.js';
import { followKey, setInboxListeners } from './inbox.js';
import { createDbKvStore } from './kv-store.js';
import { createDbMessageQueue } from './message-queue.js';
import { createMoving, type FederationMoving } from './move.js';
import { deliverNote, deliverNoteUpdate, deliverProfile, retractNote } from './outgoing-notes.js';
import { createPolls } from './polls.js';
import { carryOverDbQueue } from './queue-carryover.js';
import { recipientOfAccount as recipientOf, recipientsOfInboxes as recipientsOf } from './recipients.js';
import { createRedisMessageQueue } from './redis-message-queue.js';
import { storeRemoteActor } from './remote-actors.js';
import { webfingerActorUrl } from './resolve.js';
import { resolveRemoteUrl } from './resolve-url.js';
import { sentIds } from './sent-ids.js';
import { instant } from './vocab.js';

/**
 * The federation area's long-lived state (ctx.federation): Fedify's Federation with its store and queue on
 * Tribune's database, and what other areas ask of it (RemoteRelations for follows, RemoteLookup for search,
 * `deliverStatus` as a published-post hook). Handlers get their dependencies as Fedify's context data, given by
 * `start` (the queue) and by the HTTP middleware (src/api/federation.ts).
 */
export interface FederationService extends RemoteRelations, RemoteLookup, RemoteProfile, BorderDelivery, FederationMoving, RemotePolls {
  fedify: Federation<FederationDeps>;
  kv: KvStore;
  start(deps: FederationDeps): void;
  deliverStatus(statusId: string): Promise<void>;
  /** Tells the remote followers of a deleted local post's author that it is gone; an echo's, that it is undone. */
  retractStatus(row: StatusRow): Promise<void>;
  /** An edited local post as Update(Note) to whom it went. */
  deliverEdit(statusId: string): Promise<void>;
  /** A local upvote of a remote post (or its withdrawal) as Like (or Undo(Like)) to the post's author. */
  deliverUpvote(accountId: string, statusId: string, added: boolean): Promise<void>;
}

export interface FederationServiceOptions {
  /** The instance's Redis key prefix (src/context.ts); with REDIS_URL the queue lives in Redis under it. */
  redisPrefix?: string;
}

export function createFederationService(
  infra: Pick<Infra, 'db' | 'ids' | 'logger' | 'config' | 'onClose'>,
  opts: FederationServiceOptions = {},
): FederationService {
  const { config } = infra;
  const allowPrivate = config.federation.allowPrivateAddress;
  const kv = createDbKvStore(infra.db);
  const stopLogs = routeFedifyLogs(infra.logger);
  const log = infra.logger.child({ area: 'federation' });
  // With Redis, every process shares the queue in Redis (JOBS=off processes only add to it); else the database table.
  const redisQueue = config.redisUrl ? createRedisMessageQueue(config.redisUrl, { prefix: `${opts.redisPrefix ?? ''}bull`, logger: log }) : null;
  const fedify = createFederation<FederationDeps>({
    kv,
    queue: redisQueue ?? createDbMessageQueue(infra.db, infra.ids, log),
    manuallyStartQueue: true,
    allowPrivateAddress: allowPrivate,
    // Every remote document passes the link cards' address guard first (src/federation/address-guard.ts).
    documentLoaderFactory: (opts) => {
      const load = getDocumentLoader({ ...opts, allowPrivateAddress: allowPrivate });
      return async (url, options) => {
        await assertFetchable(new URL(url), allowPrivate);
        return load(url, options);
      };
    },
    // JSON-LD contexts come from Fedify's preloaded copies (activitystreams, security...), not the network.
    contextLoaderFactory: (opts) => getDocumentLoader({ ...opts, allowPrivateAddress: allowPrivate }),
    userAgent: { software: 'Tribune' },
  });
  setDispatchers(fedify);
  setFeaturedDispatcher(fedify);
  setInboxListeners(fedify);

  let deps: FederationDeps | null = null;
  const abort = new AbortController();
  infra.onClose.push(async () => {
    abort.abort();
    await redisQueue?.close();
    stopLogs();
  });

  /** A Fedify context for work started here rather than by a request (public URL read now: tests set it late). */
  function context(): Context<FederationDeps> {
    if (!deps) throw new Error('federation used before start()');
    return fedify.createContext(new URL(deps.config.publicUrl), deps);
  }

  async function send(
    localId: string,
    build: (
      ctx: Context<FederationDeps>,
      actor: URL,
    ) => Parameters<Context<FederationDeps>['sendActivity']>[2] | Promise<Parameters<Context<FederationDeps>['sendActivity']>[2]>,
    to: AccountRow,
  ) {
    const local = await findAccountById(infra.db, localId);
    if (!local || local.domain !== null || !to.uri || !to.inbox_url) return;
    const ctx = context();
    await ctx.sendActivity({ identifier: local.username }, recipientOf(to), await build(ctx, ctx.getActorUri(local.username)));
  }

  /**
   * A local account's echo as an Announce (or its Undo, once the echo is gone), to the echoer's remote followers and
   * the echoed post's author when remote: as Mastodon addresses it, public to all, the followers and the author.
   */
  async function announce(echo: StatusRow, what: 'announce' | 'undo') {
    if (echo.state !== 'published' || (echo.visibility !== 'public' && echo.visibility !== 'unlisted')) return;
    const [echoer, original] = await Promise.all([findAccountById(infra.db, echo.account_id), findStatus(infra.db, echo.reblog_of_id!)]);
    if (!echoer || echoer.domain !== null || !original) return;
    const author = await findAccountById(infra.db, original.account_id);
    if (!author) return;
    const ctx = context();
    const objectUri = original.uri ? new URL(original.uri) : ctx.getObjectUri(Note, { identifier: author.username, id: original.id });
    const recipients = recipientsOf(await remoteFollowerInboxes(infra.db, echoer.id));
    if (author.domain !== null && author.uri && author.inbox_url) recipients.push(recipientOf(author));
    if (recipients.length === 0) return;
    const actor = ctx.getActorUri(echoer.username);
    const followers = ctx.getFollowersUri(echoer.username);
    const activity = new Announce({
      id: new URL(`${actor.href}/statuses/${echo.id}/activity`),
      actor,
      object: objectUri,
      published: instant(echo.created_at),
      tos: [PUBLIC_COLLECTION],
      ccs: author.uri ? [followers, new URL(author.uri)] : [followers],
    });
    const sent =
      what === 'announce'
        ? activity
        : new Undo({ id: new URL(`${activity.id!.href}#undo`), actor, object: activity, tos: activity.toIds, ccs: activity.ccIds });
    await ctx.sendActivity({ identifier: echoer.username }, recipients, sent, { preferSharedInbox: true });
  }

  const ids = sentIds(kv);
  const followOf = (actor: URL, target: AccountRow, id: string) => new Follow({ id: new URL(id), actor, object: new URL(target.uri!) });

  const moving = createMoving(infra, context, (username, domain) => service.resolveAccount(username, domain));
  const service: FederationService = {
    ...createBorderDelivery({ db: infra.db, kv, context }),
    ...moving,
    ...createPolls(infra, context),
    fedify,
    kv,
    start(d) {
      deps = d;
      // Processes that run jobs (JOBS=on, `tribune worker`) deliver and handle what is queued; others only queue.
      if (!config.runJobs) return;
      if (redisQueue) void carryOverDbQueue(infra.db, redisQueue, log).catch((err) => log.warn({ err }, 'federation: database queue not moved to Redis'));
      void fedify.startQueue(d, { signal: abort.signal });
      // Expired entries are skipped when read; dropped from the table hourly.
      const sweep = setInterval(() => void kv.sweep().catch((err) => infra.logger.warn({ err }, 'federation store sweep failed')), 3_600_000);
      sweep.unref();
      abort.signal.addEventListener('abort', () => clearInterval(sweep), { once: true });
    },

    async requestFollow(followerId, target) {
      await send(followerId, async (_ctx, actor) => followOf(actor, target, await ids.issue('follow', followerId, target.id, actor)), target);
    },
    async undoFollow(followerId, target) {
      await send(
        followerId,
        async (_ctx, actor) =>
          new Undo({
            id: new URL(`#follows/${target.id}/undo/${Date.now()}`, actor),
            actor,
            object: followOf(actor, target, await ids.take('follow', followerId, target.id, actor)),
          }),
        target,
      );
    },
    async acceptFollower(localId, requester) {
      const key = [...followKey(requester.id, localId)] as [string, ...string[]];
      const followId = await kv.get<string>(key);
      await send(
        localId,
        (_ctx, actor) =>
          new Accept({
            id: new URL(`#accept/${Date.now()}`, actor),
            actor,
            object: new Follow({ id: followId ? new URL(followId) : null, actor: new URL(requester.uri!), object: actor }),
          }),
        requester,
      );
      await kv.delete(key);
    },

    async deliverStatus(statusId) {
      const s = await findStatus(infra.db, statusId);
      if (s?.reblog_of_id) return announce(s, 'announce');
      await deliverNote(context(), statusId);
    },

    async retractStatus(row) {
      if (row.reblog_of_id) return announce(row, 'undo');
      await retractNote(context(), row);
    },

    async deliverEdit(statusId) {
      await deliverNoteUpdate(context(), statusId);
    },

    async announceProfile(accountId) {
      // The profile is saved whatever happens here: a failure to queue the Update is logged, not answered as an error.
      await deliverProfile(context(), accountId).catch((err) => infra.logger.error({ err, accountId }, 'profile update not sent'));
    },

    async resolveUrl(url) {
      return resolveRemoteUrl(context(), url, (err) => infra.logger.info({ err, url }, 'remote URL not resolved'));
    },

    async deliverUpvote(accountId, statusId, added) {
      const s = await findStatus(infra.db, statusId);
      if (!s?.uri) return;
      const author = await findAccountById(infra.db, s.account_id);
      if (!author || author.domain === null) return;
      await send(
        accountId,
        async (_ctx, actor) => {
          // A fresh id per upvote (a receiver drops one it has seen); the Undo names the Like it takes back.
          const id = added ? await ids.issue('like', accountId, s.id, actor) : await ids.take('like', accountId, s.id, actor);
          const like = new Like({ id: new URL(id), actor, object: new URL(s.uri!) });
          return added ? like : new Undo({ id: new URL(`#likes/${s.id}/undo/${Date.now()}`, actor), actor, object: like });
        },
        author,
      );
    },

    async resolveAccount(username, domain) {
      const ctx = context();
      const handle = `${username}@${domain}`.toLowerCase();
      const known = await findAccountByUsername(infra.db, handle);
      if (known && known.domain !== null) return known.id;
      if (await isDomainSuspended(infra.db, domain)) return null;
      try {
        const href = await webfingerActorUrl(username, domain, allowPrivate);
        if (!href) return null;
        const actor = await ctx.lookupObject(href);
        if (!isActor(actor)) return null;
        return await storeRemoteActor(ctx, actor);
      } catch (err) {
        infra.logger.info({ err, handle }, 'remote account not resolved');
        return null;
      }
    },
  };
  return service;
}
