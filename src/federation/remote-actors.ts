import { type Actor, Application, type Context, Service } from '@fedify/fedify';
import { upsertRemoteAccount } from '../domain/accounts/remote-accounts.store.js';
import { rejectsMedia } from '../domain/domain-blocks/border-policy.js';
import { applyDomainBlockToAccount } from '../domain/domain-blocks/domain-blocks.service.js';
import { textOfHtml } from '../domain/statuses/remote-posting.js';
import { nowIso } from '../domain/time.js';
import { profileExtras } from './actor-profile.js';
import type { FederationDeps } from './deps.js';

/** Stores (or refreshes) a remote actor as an account row with its origin; its account id, or null if unusable. */
export async function storeRemoteActor(ctx: Context<FederationDeps>, actor: Actor): Promise<string | null> {
  if (!actor.id || !actor.preferredUsername) return null;
  const domain = actor.id.host;
  // A remote document never speaks for this server's own accounts.
  if (domain.toLowerCase() === new URL(ctx.data.config.publicUrl).host.toLowerCase()) return null;
  const username = String(actor.preferredUsername).slice(0, 100);
  const url = actor.url instanceof URL ? actor.url.href : (actor.url?.href?.href ?? null);
  const extras = await profileExtras(ctx, actor);
  // A server whose media is rejected (reject_media, or suspended) shows no avatar or header here.
  if (await rejectsMedia(ctx.data.db, domain)) Object.assign(extras, { avatarUrl: null, headerUrl: null });
  const id = await upsertRemoteAccount(
    ctx.data.db,
    ctx.data.ids.next(),
    {
      uri: actor.id.href,
      username,
      domain,
      displayName: String(actor.name ?? '').slice(0, 200),
      note: textOfHtml(String(actor.summary ?? '')).slice(0, 5000),
      url,
      inboxUrl: actor.inboxId?.href ?? null,
      sharedInboxUrl: actor.endpoints?.sharedInbox?.href ?? null,
      followersUrl: actor.followersId?.href ?? null,
      locked: actor.manuallyApprovesFollowers === true,
      bot: actor instanceof Application || actor instanceof Service,
      ...extras,
    },
    nowIso(),
  );
  // Stored after its server was blocked: it takes the block on (suspended or limited) as the others did.
  await applyDomainBlockToAccount(ctx.data.db, id, domain);
  return id;
}
