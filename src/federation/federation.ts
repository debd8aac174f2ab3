import './node20.js';
import {
  Accept,
  type Context,
  createFederation,
  Delete,
  type Federation,
  Follow,
  getDocumentLoader,
  isActor,
  type KvStore,
  PUBLIC_COLLECTION,
  type Recipient,
  Tombstone,
  Undo,
} from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { findAccountById, findAccountByUsername } from '../domain/accounts/accounts.store.js';
import { remoteFollowerInboxes } from '../domain/accounts/remote-accounts.store.js';
import { isDomainSuspended } from '../domain/domain-blocks/domain-blocks.service.js';
import type { RemoteRelations } from '../domain/relationships/remote-relations.js';
import type { RemoteLookup } from '../domain/search/remote-lookup.js';
import type { StatusRow } from '../domain/statuses/statuses.store.js';
import { findStatus } from '../domain/statuses/statuses.store.js';
import type { Infra } from '../infra/infra.js';
import { assertFetchable } from './address-guard.js';
import type { FederationDeps } from './deps.js';
import { setDispatchers } from './dispatchers.js';
import { followKey, setInboxListeners } from './inbox.js';
import { createDbKvStore } from './kv-store.js';
import { createDbMessageQueue } from './message-queue.js';
import { storeRemoteActor } from './remote-actors.js';
import { webfingerActorUrl } from './resolve.js';
import { createOf, federates } from './vocab.js';

/**
 * The federation area's long-lived state (ctx.federation): Fedify's Federation with its store and queue on
 * Tribune's database, and what other areas ask of it (RemoteRelations for follows, RemoteLookup for search,
 * `deliverStatus` as a published-post hook). Handlers get their dependencies as Fedify's context data, given by
 * `start` (the queue) and by the HTTP middleware (src/api/federation.ts).
 */
export interface FederationService extends RemoteRelations, RemoteLookup {
  fedify: Federation<FederationDeps>;
  kv: KvStore;
  start(deps: FederationDeps): void;
  deliverStatus(statusId: string): Promise<void>;
  /** Tells the remote followers of a deleted local post's author that it is gone. */
  retractStatus(row: StatusRow): Promise<void>;
}

export function createFederationService(infra: Pick<Infra, 'db' | 'ids' | 'logger' | 'config' | 'onClose'>): FederationService {
  const { config } = infra;
  const allowPrivate = config.federation.allowPrivateAddress;
  const kv = createDbKvStore(infra.db);
  const fedify = createFederation<FederationDeps>({
    kv,
    queue: createDbMessageQueue(infra.db, infra.ids, infra.logger.child({ area: 'federation' })),
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
  setInboxListeners(fedify);

  let deps: FederationDeps | null = null;
  const abort = new AbortController();
  infra.onClose.push(async () => abort.abort());

  /** A Fedify context for work started here rather than by a request (public URL read now: tests set it late). */
  function context(): Context<FederationDeps> {
    if (!deps) throw new Error('federation used before start()');
    return fedify.createContext(new URL(deps.config.publicUrl), deps);
  }

  const recipientOf = (a: AccountRow): Recipient => ({
    id: new URL(a.uri!),
    inboxId: a.inbox_url ? new URL(a.inbox_url) : null,
    endpoints: a.shared_inbox_url ? { sharedInbox: new URL(a.shared_inbox_url) } : null,
  });

  async function send(
    localId: string,
    build: (ctx: Context<FederationDeps>, actor: URL) => Parameters<Context<FederationDeps>['sendActivity']>[2],
    to: AccountRow,
  ) {
    const local = await findAccountById(infra.db, localId);
    if (!local || local.domain !== null || !to.uri || !to.inbox_url) return;
    const ctx = context();
    await ctx.sendActivity({ identifier: local.username }, recipientOf(to), build(ctx, ctx.getActorUri(local.username)));
  }

  const followOf = (actor: URL, target: AccountRow) => new Follow({ id: new URL(`#follows/${target.id}`, actor), actor, object: new URL(target.uri!) });

  return {
    fedify,
    kv,
    start(d) {
      deps = d;
      // In-process queue: this process delivers and handles what is queued (see message-queue.ts for Redis).
      if (!config.runJobs) return;
      void fedify.startQueue(d, { signal: abort.signal });
      // Expired entries are skipped when read; dropped from the table hourly.
      const sweep = setInterval(() => void kv.sweep().catch((err) => infra.logger.warn({ err }, 'federation store sweep failed')), 3_600_000);
      sweep.unref();
      abort.signal.addEventListener('abort', () => clearInterval(sweep), { once: true });
    },

    async requestFollow(followerId, target) {
      await send(followerId, (_ctx, actor) => followOf(actor, target), target);
    },
    async undoFollow(followerId, target) {
      await send(
        followerId,
        (_ctx, actor) => new Undo({ id: new URL(`#follows/${target.id}/undo/${Date.now()}`, actor), actor, object: followOf(actor, target) }),
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
      if (!s || !federates(s)) return;
      const author = await findAccountById(infra.db, s.account_id);
      if (!author || author.domain !== null) return;
      const inboxes = await remoteFollowerInboxes(infra.db, author.id);
      if (inboxes.length === 0) return;
      const ctx = context();
      const recipients: Recipient[] = inboxes.map((r) => ({
        id: new URL(r.uri),
        inboxId: new URL(r.inbox),
        endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null,
      }));
      await ctx.sendActivity({ identifier: author.username }, recipients, createOf(ctx, author.username, s), { preferSharedInbox: true });
    },

    async retractStatus(row) {
      if (!federates(row)) return;
      const author = await findAccountById(infra.db, row.account_id);
      if (!author || author.domain !== null) return;
      const inboxes = await remoteFollowerInboxes(infra.db, author.id);
      if (inboxes.length === 0) return;
      const ctx = context();
      const actor = ctx.getActorUri(author.username);
      const noteId = new URL(`${actor.href}/statuses/${row.id}`);
      const recipients: Recipient[] = inboxes.map((r) => ({
        id: new URL(r.uri),
        inboxId: new URL(r.inbox),
        endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null,
      }));
      const activity = new Delete({
        id: new URL(`${noteId.href}#delete`),
        actor,
        object: new Tombstone({ id: noteId }),
        tos: [PUBLIC_COLLECTION],
        ccs: [ctx.getFollowersUri(author.username)],
      });
      await ctx.sendActivity({ identifier: author.username }, recipients, activity, { preferSharedInbox: true });
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
}
