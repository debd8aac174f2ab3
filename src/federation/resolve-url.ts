import { type Context, isActor, Note } from '@fedify/fedify';
import { findAccountByUri } from '../domain/accounts/remote-accounts.store.js';
import { isDomainSuspended } from '../domain/domain-blocks/domain-blocks.service.js';
import { findStatusByUri } from '../domain/statuses/statuses.store.js';
import type { FederationDeps } from './deps.js';
import { storeRemoteActor } from './remote-actors.js';
import { accountOfActor, statusByUri, takeInNote } from './remote-notes.js';

/**
 * Search with resolve for a URL (Mastodon's: https://docs.joinmastodon.org/methods/search/): a post or actor of
 * another server, fetched through Fedify's document loader (the SSRF guard first), stored with its author and
 * screened like any incoming post. A held or refused post is not returned.
 */
export async function resolveRemoteUrl(
  ctx: Context<FederationDeps>,
  url: string,
  onError: (err: unknown) => void,
): Promise<{ statusId: string } | { accountId: string } | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (await isDomainSuspended(ctx.data.db, parsed.host)) return null;
  try {
    const object = await ctx.lookupObject(parsed.href);
    if (isActor(object)) {
      if (!object.id) return null;
      const id = await storeRemoteActor(ctx, object);
      return id ? { accountId: id } : null;
    }
    if (!(object instanceof Note) || !object.id || !object.attributionId) return null;
    // A post is only taken from its author's own server.
    if (object.id.origin !== object.attributionId.origin) return null;
    const known = await statusByUri(ctx, object.id);
    if (known) return known.state === 'published' ? { statusId: known.id } : null;
    const author = await accountOfActor(ctx, object.attributionId);
    if (!author || (await findAccountByUri(ctx.data.db, object.attributionId.href))?.suspended_at) return null;
    const outcome = await takeInNote(ctx, object, author, { requested: true });
    if (outcome?.outcome === 'published') return { statusId: outcome.statusId };
    const stored = await findStatusByUri(ctx.data.db, object.id.href);
    return stored?.state === 'published' ? { statusId: stored.id } : null;
  } catch (err) {
    onError(err);
    return null;
  }
}
