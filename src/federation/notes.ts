import { type Context, Create, Hashtag, LanguageString, Mention, Note, PUBLIC_COLLECTION, type Question, type Recipient } from '@fedify/fedify';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { findAccountById } from '../domain/accounts/accounts.store.js';
import { remoteFollowerInboxes } from '../domain/accounts/remote-accounts.store.js';
import { tagsOf } from '../domain/statuses/status-view.store.js';
import { findStatus, type StatusRow } from '../domain/statuses/statuses.store.js';
import { mentionedAccounts } from './audience.store.js';
import type { FederationDeps } from './deps.js';
import { recipientOfAccount, recipientOfInbox } from './recipients.js';
import { noteOf } from './vocab.js';

// A local post as Mastodon shapes its Note (https://docs.joinmastodon.org/spec/activitypub/): Mention and Hashtag
// tags, content warning, language as contentMap, inReplyTo, and to/cc by visibility; and whom it is delivered to.

/** A local post that goes to other servers, whatever its visibility (each visibility reaches whom it addresses). */
export function sendsOut(s: StatusRow): boolean {
  return s.state === 'published' && s.reblog_of_id === null && s.uri === null;
}

const actorUriOf = (ctx: Context<FederationDeps>, a: AccountRow) => (a.uri ? new URL(a.uri) : ctx.getActorUri(a.username));

/** The stored post's ActivityPub id: its own for a remote one, /users/<name>/statuses/<id> for a local one. */
async function objectUriOf(ctx: Context<FederationDeps>, s: StatusRow): Promise<URL | null> {
  if (s.uri) return new URL(s.uri);
  const author = await findAccountById(ctx.data.db, s.account_id);
  return author ? ctx.getObjectUri(Note, { identifier: author.username, id: s.id }) : null;
}

/** Mastodon's addressing: public to all, unlisted to followers with the public in cc, followers-only, direct. */
function addressing(ctx: Context<FederationDeps>, author: AccountRow, s: StatusRow, mentioned: URL[]): { tos: URL[]; ccs: URL[] } {
  const followers = ctx.getFollowersUri(author.username);
  switch (s.visibility) {
    case 'public':
      return { tos: [PUBLIC_COLLECTION], ccs: [followers, ...mentioned] };
    case 'unlisted':
      return { tos: [followers], ccs: [PUBLIC_COLLECTION, ...mentioned] };
    case 'private':
      return { tos: [followers], ccs: mentioned };
    default:
      return { tos: mentioned, ccs: [] };
  }
}

export async function noteFor(ctx: Context<FederationDeps>, author: AccountRow, s: StatusRow): Promise<Note> {
  const db = ctx.data.db;
  const [mentions, tags, parent] = await Promise.all([
    mentionedAccounts(db, s.id),
    tagsOf(db, [s.id]),
    s.in_reply_to_id ? findStatus(db, s.in_reply_to_id) : undefined,
  ]);
  const mentionUris = mentions.map((a) => actorUriOf(ctx, a));
  const { tos, ccs } = addressing(ctx, author, s, mentionUris);
  const publicUrl = ctx.data.config.publicUrl;
  return noteOf(ctx, author.username, s).clone({
    contents: s.language ? [s.content, new LanguageString(s.content, s.language)] : [s.content],
    replyTarget: parent ? await objectUriOf(ctx, parent) : null,
    tags: [
      ...mentions.map((a, i) => new Mention({ href: mentionUris[i]!, name: `@${a.username}@${a.domain ?? ctx.data.config.domain}` })),
      ...tags.map((t) => new Hashtag({ href: new URL(`/tags/${encodeURIComponent(t.name)}`, publicUrl), name: `#${t.display_name}` })),
    ],
    tos,
    ccs,
  });
}

export function createFor(note: Note | Question): Create {
  return new Create({
    id: new URL(`${note.id!.href}/activity`),
    actor: note.attributionId,
    published: note.published,
    tos: note.toIds,
    ccs: note.ccIds,
    object: note,
  });
}

/**
 * Whom a local post goes to: its author's remote followers (not for a direct post), the remote accounts it mentions
 * and, for a public or unlisted reply, the replied-to remote author. Suspended accounts get nothing.
 */
export async function audienceOf(ctx: Context<FederationDeps>, author: AccountRow, s: StatusRow, mentions?: AccountRow[]): Promise<Recipient[]> {
  const db = ctx.data.db;
  const out = new Map<string, Recipient>();
  if (s.visibility !== 'direct') for (const r of await remoteFollowerInboxes(db, author.id)) out.set(r.uri, recipientOfInbox(r));
  const others = [...(mentions ?? (await mentionedAccounts(db, s.id)))];
  if ((s.visibility === 'public' || s.visibility === 'unlisted') && s.in_reply_to_account_id) {
    const parentAuthor = await findAccountById(db, s.in_reply_to_account_id);
    if (parentAuthor) others.push(parentAuthor);
  }
  for (const a of others) if (a.domain !== null && a.uri && a.inbox_url && a.suspended_at === null && !out.has(a.uri)) out.set(a.uri, recipientOfAccount(a));
  return [...out.values()];
}
