import { type Federation, Note } from '@fedify/fedify';
import { findAccountByUsername } from '../domain/accounts/accounts.store.js';
import { countOutbox, outboxPage, relationPage } from '../domain/accounts/remote-accounts.store.js';
import { findStatus } from '../domain/statuses/statuses.store.js';
import { localPerson } from './actor-profile.js';
import type { FederationDeps } from './deps.js';
import { instanceActorKeyPairs, instanceActorOf, isInstanceActor } from './instance-actor.js';
import { actorKeyPairs } from './keys.js';
import { richCreates, richNote } from './rich-notes.js';
import { federates } from './vocab.js';

const PAGE = 40;

/** A local account that federates: not remote, not suspended. */
export async function localActor(ctx: Pick<FederationDeps, 'db'>, username: string) {
  if (!/^[A-Za-z0-9_]{1,30}$/.test(username)) return undefined;
  const account = await findAccountByUsername(ctx.db, username);
  return account && account.domain === null && account.suspended_at === null ? account : undefined;
}

// Actor documents, their keys, outbox, followers, following and post objects, on the URLs Tribune already names
// (src/api/entities: /users/<name> and /users/<name>/statuses/<id>).
export function setDispatchers(federation: Federation<FederationDeps>): void {
  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (isInstanceActor(ctx, identifier)) return instanceActorOf(ctx);
      const account = await localActor(ctx.data, identifier);
      if (!account) return null;
      return localPerson(ctx, account);
    })
    .setKeyPairsDispatcher(async (ctx, identifier) => {
      if (isInstanceActor(ctx, identifier)) return instanceActorKeyPairs(ctx.data.federationKv);
      const account = await localActor(ctx.data, identifier);
      return account ? actorKeyPairs(ctx.data, account.id) : [];
    });

  federation.setObjectDispatcher(Note, '/users/{identifier}/statuses/{id}', async (ctx, { identifier, id }) => {
    if (!/^[0-9]{1,19}$/.test(id)) return null;
    const account = await localActor(ctx.data, identifier);
    const s = account ? await findStatus(ctx.data.db, id) : undefined;
    if (!account || !s || s.account_id !== account.id || !federates(s)) return null;
    // A post with a poll is a Question, served on the same URL as Mastodon does.
    return (await richNote(ctx, account, s)) as Note;
  });

  federation
    .setOutboxDispatcher('/users/{identifier}/outbox', async (ctx, identifier, cursor) => {
      const account = await localActor(ctx.data, identifier);
      if (!account || cursor === null) return null;
      const rows = await outboxPage(ctx.data.db, account.id, cursor === '' ? null : cursor, PAGE);
      return {
        items: await richCreates(ctx, account, rows),
        nextCursor: rows.length === PAGE ? rows[rows.length - 1]!.id : null,
      };
    })
    .setFirstCursor(() => '')
    .setCounter(async (ctx, identifier) => {
      const account = await localActor(ctx.data, identifier);
      return account ? countOutbox(ctx.data.db, account.id) : null;
    });

  for (const which of ['followers', 'following'] as const) {
    const path = `/users/{identifier}/${which}` as const;
    const dispatch = async (
      ctx: Parameters<Parameters<Federation<FederationDeps>['setFollowersDispatcher']>[1]>[0],
      identifier: string,
      cursor: string | null,
    ) => {
      const account = await localActor(ctx.data, identifier);
      if (!account || cursor === null) return null;
      const rows = await relationPage(ctx.data.db, account.id, which, cursor === '' ? null : cursor, PAGE);
      const uris = rows.map((r) => (r.uri ? new URL(r.uri) : ctx.getActorUri(r.username)));
      return { items: uris, nextCursor: rows.length === PAGE ? rows[rows.length - 1]!.followId : null };
    };
    const counter = async (ctx: { data: FederationDeps }, identifier: string) => {
      const account = await localActor(ctx.data, identifier);
      if (!account) return null;
      return which === 'followers' ? account.followers_count : account.following_count;
    };
    if (which === 'followers')
      federation
        .setFollowersDispatcher(path, async (ctx, identifier, cursor) => {
          const page = await dispatch(ctx, identifier, cursor);
          // Delivery computes its recipients itself (outgoing.ts): this collection is for reading only.
          return page ? { items: page.items.map((id) => ({ id, inboxId: null })), nextCursor: page.nextCursor } : null;
        })
        .setFirstCursor(() => '')
        .setCounter(counter);
    else
      federation
        .setFollowingDispatcher(path, dispatch)
        .setFirstCursor(() => '')
        .setCounter(counter);
  }
}
