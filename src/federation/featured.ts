import type { Federation } from '@fedify/fedify';
import { findStatus } from '../domain/statuses/statuses.store.js';
import { pinnedStatusIds } from '../domain/timelines/timelines.store.js';
import { documentsOf } from './attachments.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { federates, noteOf } from './vocab.js';

// The featured collection (Mastodon's pinned posts, `featured` on the actor): the pinned posts that federate, as
// Notes, newest pin first. Mastodon reads it whole, unpaged (https://docs.joinmastodon.org/spec/activitypub/#featured).
export function setFeaturedDispatcher(federation: Federation<FederationDeps>): void {
  federation.setFeaturedDispatcher('/users/{identifier}/collections/featured', async (ctx, identifier) => {
    const account = await localActor(ctx.data, identifier);
    if (!account) return null;
    const ids = await pinnedStatusIds(ctx.data.db, account.id);
    const rows = await Promise.all(ids.map((id) => findStatus(ctx.data.db, id)));
    const shown = rows.filter((s) => s !== undefined && s.account_id === account.id && federates(s)).map((s) => s!);
    const docs = await documentsOf(
      ctx,
      shown.map((s) => s.id),
    );
    const items = shown.map((s) => {
      const note = noteOf(ctx, account.username, s);
      const list = docs.get(s.id);
      return list?.length ? note.clone({ attachments: list }) : note;
    });
    return { items };
  });
}
