import type { Announce, InboxContext } from '@fedify/fedify';
import { findAccountByUri, hasLocalFollower } from '../domain/accounts/remote-accounts.store.js';
import { reblogStatus } from '../domain/statuses/echoes.js';
import type { FederationDeps } from './deps.js';
import { statusByUri } from './remote-notes.js';
import { resolveRemoteUrl } from './resolve-url.js';

/**
 * Announce of another server's post by a remote account someone here follows (a boost on Mastodon): the post is
 * fetched and stored (screened, public or unlisted only, through the address guard) when it is not here yet, then
 * stored as that account's echo, so it reaches its local followers' homes as a local echo does. Boosts by accounts
 * nobody here follows are ignored, as Mastodon does.
 */
export async function onAnnounceOfRemotePost(ctx: InboxContext<FederationDeps>, announce: Announce): Promise<void> {
  if (!announce.actorId || !announce.objectId) return;
  const booster = await findAccountByUri(ctx.data.db, announce.actorId.href);
  if (!booster || booster.domain === null || booster.suspended_at || !(await hasLocalFollower(ctx.data.db, booster.id))) return;
  let statusId = (await statusByUri(ctx, announce.objectId))?.id;
  if (!statusId) {
    const resolved = await resolveRemoteUrl(ctx, announce.objectId.href, (err) =>
      ctx.data.logger.info({ err, uri: announce.objectId?.href }, 'echoed remote post not fetched'),
    );
    statusId = resolved && 'statusId' in resolved ? resolved.statusId : undefined;
  }
  if (!statusId) return;
  await reblogStatus(ctx.data, booster.id, statusId).catch((err) => ctx.data.logger.info({ err }, 'remote echo refused'));
}
