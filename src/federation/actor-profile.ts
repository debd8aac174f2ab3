import { type Actor, type Context, Image, type Person, PropertyValue } from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { mediaUrl } from '../domain/accounts/media-paths.js';
import { textOfHtml } from '../domain/statuses/remote-posting.js';
import { escapeHtml } from '../domain/text/render.js';
import { withMoving } from './actor-moving.js';
import type { FederationDeps } from './deps.js';
import { personOf } from './vocab.js';

// The parts of a profile beyond name and bio, both ways: avatar (icon), header (image) and profile fields
// (PropertyValue attachments, as Mastodon writes them: https://docs.joinmastodon.org/spec/activitypub/#PropertyValue).

const MAX_FIELDS = 16;

function parseFields(json: string): Array<{ name: string; value: string }> {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((f) => f && typeof f.name === 'string' && typeof f.value === 'string') : [];
  } catch {
    return [];
  }
}

/** A local account's Person with its avatar, header and fields. */
export function withProfile(ctx: Context<FederationDeps>, account: AccountRow, person: Person): Person {
  return person.clone({
    icon: account.avatar_path ? new Image({ url: new URL(mediaUrl(ctx.data, account.avatar_path)) }) : null,
    image: account.header_path ? new Image({ url: new URL(mediaUrl(ctx.data, account.header_path)) }) : null,
    attachments: parseFields(account.fields).map((f) => new PropertyValue({ name: f.name, value: escapeHtml(f.value) })),
  });
}

const httpUrl = (u: unknown): string | null => (u instanceof URL && (u.protocol === 'https:' || u.protocol === 'http:') ? u.href : null);

async function imageUrl(get: () => Promise<unknown>): Promise<string | null> {
  const image = await get().catch(() => null);
  if (!(image instanceof Image)) return null;
  const url = image.url;
  return httpUrl(url instanceof URL ? url : url?.href);
}

/** What a remote actor document says of its avatar, header and fields (embedded objects only, nothing fetched). */
export async function profileExtras(
  ctx: Context<FederationDeps>,
  actor: Actor,
): Promise<{ avatarUrl: string | null; headerUrl: string | null; fields: Array<{ name: string; value: string }> }> {
  const opts = { documentLoader: async (url: string) => Promise.reject(new Error(`not fetched: ${url}`)), contextLoader: ctx.contextLoader };
  const fields: Array<{ name: string; value: string }> = [];
  try {
    for await (const a of actor.getAttachments(opts)) {
      if (!(a instanceof PropertyValue) || fields.length >= MAX_FIELDS) continue;
      fields.push({ name: String(a.name ?? '').slice(0, 255), value: textOfHtml(String(a.value ?? '')).slice(0, 255) });
    }
  } catch {
    // An attachment given by URL only is skipped.
  }
  return { avatarUrl: await imageUrl(() => actor.getIcon(opts)), headerUrl: await imageUrl(() => actor.getImage(opts)), fields };
}

/** A local account's whole actor document: keys, profile (avatar, header, fields) and moving (aliases, movedTo, featured). */
export async function localPerson(ctx: Context<FederationDeps>, account: AccountRow): Promise<Person> {
  return withMoving(ctx, account, withProfile(ctx, account, personOf(ctx, account, await ctx.getActorKeyPairs(account.username))));
}
