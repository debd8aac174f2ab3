import { type Activity, type Context, Hashtag, isActor, LanguageString, Mention, Note, PUBLIC_COLLECTION, Question } from '@fedify/fedify';
import type { Visibility } from '../db/schema.js';
import type { AccountRow } from '../domain/accounts/accounts.store.js';
import { findAccountByUri, hasLocalFollower } from '../domain/accounts/remote-accounts.store.js';
import { rejectsMedia } from '../domain/domain-blocks/border-policy.js';
import { type RemoteStatusInput, type RemoteStatusOutcome, storeRemoteStatus } from '../domain/statuses/remote-posting.js';
import { findStatus, findStatusByUri, type StatusRow } from '../domain/statuses/statuses.store.js';
import { normalizeTag } from '../domain/text/tokenize.js';
import { remoteMediaOf } from './attachments.js';
import { accountsByUris } from './audience.store.js';
import type { FederationDeps } from './deps.js';
import { localActor } from './dispatchers.js';
import { remotePollOf } from './polls.js';
import { quotedStatusOf } from './quotes.js';
import { storeRemoteActor } from './remote-actors.js';

// Remote Notes taken in: what they answer, whom they mention, their hashtags and visibility, read the way Mastodon
// writes them, then stored through the statuses area's screening (storeRemoteStatus).

const MAX_TAGS = 50;

/** The local account an actor URI names on this server, if any. */
async function localByUri(ctx: Context<FederationDeps>, uri: URL) {
  const parsed = ctx.parseUri(uri);
  return parsed?.type === 'actor' ? localActor(ctx.data, parsed.identifier) : undefined;
}

/** The stored post a URI names: a local one (/users/<name>/statuses/<id>, published) or a remote one by its id. */
export async function statusByUri(ctx: Context<FederationDeps>, uri: URL): Promise<StatusRow | undefined> {
  const parsed = ctx.parseUri(uri);
  if (parsed?.type === 'object' && parsed.class === Note) {
    const { identifier, id } = parsed.values;
    if (!identifier || !id || !/^[0-9]{1,19}$/.test(id)) return undefined;
    const [author, s] = await Promise.all([localActor(ctx.data, identifier), findStatus(ctx.data.db, id)]);
    return author && s && s.account_id === author.id && s.state === 'published' && s.reblog_of_id === null ? s : undefined;
  }
  return findStatusByUri(ctx.data.db, uri.href);
}

/** The stored account of an actor URI, fetched and stored when it is not known yet; null if unusable. */
export async function accountOfActor(ctx: Context<FederationDeps>, uri: URL): Promise<AccountRow | null> {
  const known = await findAccountByUri(ctx.data.db, uri.href);
  if (known) return known;
  const actor = await ctx.lookupObject(uri.href).catch(() => null);
  if (!actor || !isActor(actor) || actor.id?.href !== uri.href) return null;
  const id = await storeRemoteActor(ctx, actor);
  return id ? ((await findAccountByUri(ctx.data.db, uri.href)) ?? null) : null;
}

/** Mastodon's addressing: public in `to`, unlisted in `cc`, followers-only to the followers collection, else direct. */
function visibilityOf(note: Note | Question, followersUrl: string | null): Visibility {
  const to = note.toIds.map((u) => u.href);
  const cc = note.ccIds.map((u) => u.href);
  const pub = PUBLIC_COLLECTION.href;
  if (to.includes(pub)) return 'public';
  if (cc.includes(pub)) return 'unlisted';
  if (followersUrl && (to.includes(followersUrl) || cc.includes(followersUrl))) return 'private';
  return 'direct';
}

export interface ReadNote {
  input: RemoteStatusInput;
  /** Local accounts it mentions or is addressed to, and whether it answers a local post. */
  localMentions: string[];
  answersLocal: boolean;
}

/**
 * Reads a Note (or a Question, a poll) by `author` into what storing it needs: its attachments (their addresses),
 * poll and quoted post too. `activity` is the one it came in, whose raw JSON holds what Fedify's vocabulary lacks.
 */
export async function readNote(ctx: Context<FederationDeps>, note: Note | Question, author: AccountRow, activity?: Activity): Promise<ReadNote> {
  const opts = { documentLoader: async (url: string) => Promise.reject(new Error(`not fetched: ${url}`)), contextLoader: ctx.contextLoader };
  const mentionUris = new Set<string>();
  const tags = new Map<string, { name: string; display: string }>();
  try {
    for await (const tag of note.getTags(opts)) {
      if (tag instanceof Mention && tag.href) mentionUris.add(tag.href.href);
      else if (tag instanceof Hashtag && tag.name && tags.size < MAX_TAGS) {
        const display = String(tag.name).replace(/^#/, '').normalize('NFKC');
        if (/^[\p{L}\p{N}_\p{M}]+$/u.test(display) && display.length <= 100) tags.set(normalizeTag(display), { name: normalizeTag(display), display });
      }
    }
  } catch {
    // A tag given only by URL is skipped.
  }
  // Addressed without a Mention tag (some servers address direct posts only in to/cc): local recipients count too.
  const localMentions = new Set<string>();
  for (const uri of [...mentionUris, ...note.toIds.map((u) => u.href), ...note.ccIds.map((u) => u.href)]) {
    const local = await localByUri(ctx, new URL(uri));
    if (local) localMentions.add(local.id);
  }
  const remoteMentions = (await accountsByUris(ctx.data.db, [...mentionUris])).filter((a) => a.domain !== null).map((a) => a.id);
  const parent = note.replyTargetId ? await statusByUri(ctx, note.replyTargetId) : undefined;
  const answersLocal = !!parent && parent.uri === null;
  let language: string | null = null;
  for (const c of note.contents) if (c instanceof LanguageString) language ??= c.language.compact();
  const html = String(note.contents.find((c) => typeof c === 'string') ?? note.contents[0] ?? '');
  const published = note.published ? new Date(note.published.epochMilliseconds).toISOString() : new Date().toISOString();
  return {
    input: {
      accountId: author.id,
      uri: note.id!.href,
      url: note.url instanceof URL ? note.url.href : (note.url?.href?.href ?? null),
      html: html.slice(0, 100_000),
      spoilerText: String(note.summary ?? '').slice(0, 1000),
      sensitive: note.sensitive === true,
      language: language && /^[a-z]{2,3}(-[A-Za-z0-9-]+)?$/.test(language) ? language : null,
      visibility: visibilityOf(note, author.followers_url),
      createdAt: published,
      inReplyTo: parent ?? null,
      mentionIds: [...localMentions, ...remoteMentions],
      tags: [...tags.values()],
      // A server whose media is rejected (reject_media, or suspended) has its posts stored without attachments.
      media: (await rejectsMedia(ctx.data.db, author.domain ?? '')) ? [] : await remoteMediaOf(ctx, note, activity),
      poll: note instanceof Question ? await remotePollOf(ctx, note) : null,
      quoteOfId: await quotedStatusOf(ctx, author.id, note, activity),
    },
    localMentions: [...localMentions],
    answersLocal,
  };
}

/**
 * Takes in a remote Note: stored (screened) when someone here follows its author, it answers a local post, it
 * mentions a local account, or a local reader asked for it (`requested`, search with resolve). A direct post is
 * only taken in for the local accounts it names. Null when it is none of those.
 */
export async function takeInNote(
  ctx: Context<FederationDeps>,
  note: Note | Question,
  author: AccountRow,
  opts: { requested: boolean; activity?: Activity },
): Promise<RemoteStatusOutcome | null> {
  if (!note.id || author.suspended_at || author.domain === null) return null;
  const read = await readNote(ctx, note, author, opts.activity);
  const concerned = read.answersLocal || read.localMentions.length > 0;
  if (read.input.visibility === 'direct' && read.localMentions.length === 0) return null;
  if (opts.requested && read.input.visibility !== 'public' && read.input.visibility !== 'unlisted') return null;
  if (!opts.requested && !concerned && !(await hasLocalFollower(ctx.data.db, author.id))) return null;
  return storeRemoteStatus(ctx.data, read.input);
}
