import { type ActorKeyPair, type Context, Endpoints, Note, Person, PUBLIC_COLLECTION } from '@fedify/fedify';
import { Temporal } from '@js-temporal/polyfill';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import type { StatusRow } from '../domain/statuses/statuses.store.js';
import { escapeHtml } from '../domain/text/render.js';

// Tribune's rows as ActivityStreams objects: a local account as a Person, a public post as a Note in a Create.

export const instant = (iso: string) => Temporal.Instant.fromEpochMilliseconds(Date.parse(iso));

export function personOf<T>(ctx: Context<T>, account: AccountRow, keys: ActorKeyPair[]): Person {
  const id = account.username;
  const base = ctx.canonicalOrigin;
  return new Person({
    id: ctx.getActorUri(id),
    preferredUsername: account.username,
    name: account.display_name || account.username,
    summary: account.note ? `<p>${escapeHtml(account.note).replace(/\n/g, '<br>')}</p>` : null,
    url: new URL(`/@${account.username}`, base),
    manuallyApprovesFollowers: account.locked === 1,
    discoverable: account.discoverable === 1,
    published: instant(account.created_at),
    inbox: ctx.getInboxUri(id),
    endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
    outbox: ctx.getOutboxUri(id),
    followers: ctx.getFollowersUri(id),
    following: ctx.getFollowingUri(id),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((k) => k.multikey),
  });
}

/** Only public and unlisted posts federate in this slice; followers-only and direct ones stay home. */
export function federates(s: StatusRow): boolean {
  return s.state === 'published' && (s.visibility === 'public' || s.visibility === 'unlisted') && s.reblog_of_id === null && s.uri === null;
}

export function noteOf<T>(ctx: Context<T>, username: string, s: StatusRow): Note {
  const followers = ctx.getFollowersUri(username);
  const isPublic = s.visibility === 'public';
  return new Note({
    id: ctx.getObjectUri(Note, { identifier: username, id: s.id }),
    attribution: ctx.getActorUri(username),
    content: s.content,
    summary: s.spoiler_text || null,
    sensitive: s.sensitive === 1,
    published: instant(s.created_at),
    updated: s.edited_at ? instant(s.edited_at) : null,
    url: new URL(`/@${username}/${s.id}`, ctx.canonicalOrigin),
    to: isPublic ? PUBLIC_COLLECTION : followers,
    ccs: isPublic ? [followers] : [PUBLIC_COLLECTION],
  });
}
