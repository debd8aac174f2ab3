import type { Federation } from '@fedify/fedify';
import { findStatus } from '../domain/statuses/statuses.store.js';
import { pinnedStatusIds } from '../domain/timelines/timelines.store.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { richNote } from './rich-notes.js';
import { federates } from './vocab.js';

/** An account's pinned posts that federate, newest pin first. */
async function shownPins(deps: Pick<FederationDeps, 'db'>, accountId: string) {
  const rows = await Promise.all((await pinnedStatusIds(deps.db, accountId)).map((id) => findStatus(deps.db, id)));
  return rows.filter((s) => s !== undefined && s.account_id === accountId && federates(s)).map((s) => s!);
}

// The featured collection (Mastodon's pinned posts, `featured` on the actor): the pinned posts that federate, as
// Notes, newest pin first. Mastodon reads it whole, unpaged (https://docs.joinmastodon.org/spec/activitypub/#featured).
export function setFeaturedDispatcher(federation: Federation<FederationDeps>): void {
  federation
    .setFeaturedDispatcher('/users/{identifier}/collections/featured', async (ctx, identifier) => {
      const account = await localActor(ctx.data, identifier);
      if (!account) return null;
      const shown = await shownPins(ctx.data, account.id);
      const items = await Promise.all(shown.map((s) => richNote(ctx, account, s)));
      return { items };
    })
    .setCounter(async (ctx, identifier) => {
      const account = await localActor(ctx.data, identifier);
      return account ? (await shownPins(ctx.data, account.id)).length : null;
    });
}
