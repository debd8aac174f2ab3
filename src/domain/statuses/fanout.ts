import { truncateWal } from '../../db/wal.js';
import { changed, changedEverything } from '../../infra/versions.js';
import { listsShowing } from '../lists/lists.store.js';
import { createNotification } from '../notifications/notify.js';
import type { NotificationType } from '../notifications/types.js';
import {
  accountsShunning,
  fanoutFollowers,
  fanoutState,
  feedHolders,
  insertFeedEntries,
  markFanoutOnRead,
  notifyingFollowers,
} from '../timelines/feed.store.js';
import { tagFollowers } from '../trends/tags.store.js';
import type { FanoutDeps } from './deps.js';
import { directStatusHooks } from './hooks.js';
import { accountsMutingConversation } from './interactions.store.js';
import { mentionedAccountIds } from './status-content.store.js';
import { accountStates, mediaOf, tagIdsOf, tagsOf } from './status-view.store.js';
import { findEchoes, findQuotes, findStatus, isFollowing, type StatusRow } from './statuses.store.js';

// After-commit work for posts: home feeds (fan-out on write, in chunks of followers, or on read for authors with
// very many followers), notifications and stream events.

export function registerStatusJobs(ctx: FanoutDeps): void {
  ctx.jobs.register('statuses.fanout', (p) => (p.cursor === undefined ? fanoutStatus(ctx, p.statusId) : fanoutChunk(ctx, p.statusId, p.cursor)));
  ctx.jobs.register('statuses.edited', (p) => announceEdit(ctx, p.statusId));
  ctx.jobs.register('statuses.purged', flushPurged(ctx));
}

const FLUSH_RETRY_MS = 60_000;

/**
 * After a purge, SQLite's write-ahead log still holds the deleted text until it is checkpointed and emptied: done
 * here, after commit and off the request's path; a burst of purges (an account's posts) shares one checkpoint.
 * Another process reading meanwhile makes it wait: it is tried again a minute later.
 */
function flushPurged(ctx: FanoutDeps): () => Promise<void> {
  let waiting = false;
  let retry: NodeJS.Timeout | undefined;
  ctx.onClose.push(async () => clearTimeout(retry));
  return async () => {
    if (waiting) return;
    waiting = true;
    await new Promise((resolve) => setImmediate(resolve));
    waiting = false;
    if (await truncateWal(ctx.db, ctx.dialect)) return;
    clearTimeout(retry);
    retry = setTimeout(() => ctx.jobs.enqueue('statuses.purged', {}), FLUSH_RETRY_MS);
    retry.unref();
  };
}

/** Public streams a published post belongs on (public and hashtag channels), if any. */
async function publicChannels(ctx: FanoutDeps, s: StatusRow): Promise<string[]> {
  if (s.visibility !== 'public' || s.reblog_of_id || s.limited === 1) return [];
  const [author] = await accountStates(ctx.db, [s.account_id]);
  if (!author || author.limited_at || author.suspended_at) return [];
  const channels = ['public', 'public:local'];
  if ((await mediaOf(ctx.db, [s.id])).length > 0) channels.push('public:media', 'public:local:media');
  for (const t of await tagsOf(ctx.db, [s.id])) channels.push(`hashtag:${t.name}`, `hashtag:local:${t.name}`);
  return channels;
}

/** Stream-only chunks (authors merged at read time write no rows) cover this many times more followers. */
const STREAM_ONLY_FACTOR = 4;
/**
 * Followers read and homes written per statement within a chunk, with a turn of the event loop between slices. On a large SQLite
 * file a statement of 100 homes held the loop 5 to 7 ms on the shared machine, one of 25 about half a millisecond.
 */
const SLICE = 25;

/**
 * The first fan-out job of a post: the author's home and followed tags' homes, public streams, the first chunk of
 * followers (then a job per chunk, see fanoutChunk), direct conversations and notifications. Safe to run again:
 * rows are inserted once, and streams and notifications go only where they had not gone.
 */
export async function fanoutStatus(ctx: FanoutDeps, statusId: string): Promise<void> {
  const post = await loadPost(ctx, statusId);
  if (!post) return;
  const { s, original } = post;
  const mentioned = original ? [] : await mentionedAccountIds(ctx.db, s.id);

  // The author's home first: it tells a post fanned out before from one never published (lifecycle.ts).
  const homes = new Set<string>([s.account_id]);
  const channels = await publicChannels(ctx, s);
  // Followed hashtags bring public posts into their followers' homes, as in Mastodon.
  if (!original && channels.length > 0) {
    const tagIds = await tagIdsOf(ctx.db, s.id);
    const fans = (await tagFollowers(ctx.db, tagIds)).filter((a) => !homes.has(a));
    const shunning = await accountsShunning(ctx.db, s.account_id, fans);
    for (const a of fans) if (!shunning.has(a)) homes.add(a);
  }
  const added = await reachHomes(ctx, s, [...homes]);
  if (added.size > 0) for (const ch of channels) await ctx.events.publish(ch, { event: 'update', subject: s.id });

  if (s.visibility === 'direct') {
    // As Mastodon: a direct post reaches the homes of mentioned people who follow the author, and no list.
    const { followers } = await fanoutFollowers(ctx.db, s.account_id, null, { limit: mentioned.length, among: mentioned });
    await reachHomes(ctx, s, followers);
    // The conversations area (through this hook) updates the conversation rows and tells `direct:<accountId>`.
    for (const hook of directStatusHooks(ctx)) {
      try {
        await hook(s.id);
      } catch (err) {
        ctx.logger.error({ err, statusId: s.id }, 'direct status hook failed');
      }
    }
  } else {
    const state = await fanoutState(ctx.db, s.account_id);
    if (state && !state.onRead && state.followers > ctx.config.fanout.onReadFollowers) {
      await markFanoutOnRead(ctx.db, s.account_id);
      // Pages rendered before did not merge this author: every cached home page is stale once.
      await changedEverything(ctx);
    }
    await followerChunk(ctx, s, original, undefined);
    for (const hook of ctx.publishedStatusHooks) {
      try {
        await hook(s.id);
      } catch (err) {
        ctx.logger.error({ err, statusId: s.id }, 'published status hook failed');
      }
    }
  }

  if (original) {
    await createNotification(ctx, { type: 'reblog', accountId: original.account_id, fromAccountId: s.account_id, statusId: original.id });
    return;
  }
  await notifyForPost(ctx, s, mentioned);
}

/** A later fan-out job: the chunk of followers after the follow `cursor`. Stops when the post is gone or held. */
export async function fanoutChunk(ctx: FanoutDeps, statusId: string, cursor: string): Promise<void> {
  const post = await loadPost(ctx, statusId);
  if (post && post.s.visibility !== 'direct') await followerChunk(ctx, post.s, post.original, cursor);
}

async function loadPost(ctx: FanoutDeps, statusId: string): Promise<{ s: StatusRow; original: StatusRow | null } | null> {
  const s = await findStatus(ctx.db, statusId);
  if (s?.state !== 'published') return null;
  const original = s.reblog_of_id ? await findStatus(ctx.db, s.reblog_of_id) : null;
  if (s.reblog_of_id && !original) return null;
  return { s, original: original ?? null };
}

/** Inserts the post into these homes; those that gained it (a retried job finds none) hear it on their stream. */
async function reachHomes(ctx: FanoutDeps, s: StatusRow, homes: string[]): Promise<Set<string>> {
  if (homes.length === 0) return new Set();
  const added = await insertFeedEntries(
    ctx.db,
    homes.map((accountId) => ({ accountId, statusId: s.id, authorId: s.account_id, reblogOfId: s.reblog_of_id })),
  );
  await changed(ctx, { homes: added });
  for (const a of added) await ctx.events.publish(`user:${a}`, { event: 'update', subject: s.id, accountId: a });
  return added;
}

/**
 * One chunk of followers after the follow `after`, then the next chunk as a job of its own: each job is short, so
 * the event loop and the job queue stay free for others, and a job that dies is retried from its own cursor. An
 * author merged at read time (feed.store.ts followedOnRead) gets no rows written: their followers only hear the
 * post on their streams.
 */
async function followerChunk(ctx: FanoutDeps, s: StatusRow, original: StatusRow | null, after: string | undefined): Promise<void> {
  const onRead = (await fanoutState(ctx.db, s.account_id))?.onRead ?? false;
  const limit = onRead ? ctx.config.fanout.chunk * STREAM_ONLY_FACTOR : ctx.config.fanout.chunk;
  const slice = onRead ? SLICE * STREAM_ONLY_FACTOR : SLICE;
  const echoOf = original ? { authorId: original.account_id } : null;
  const reached = new Set<string>();
  // The chunk's followers are read and written a slice at a time: on SQLite every statement holds the event loop,
  // and one that read 500 followers (each checked for blocks and mutes) held it longer than the writes.
  let cursor = after;
  let next: string | null = null;
  for (let covered = 0; covered < limit; ) {
    if (covered > 0) await new Promise((resolve) => setImmediate(resolve));
    const take = Math.min(slice, limit - covered);
    const page = await fanoutFollowers(ctx.db, s.account_id, echoOf, { after: cursor, limit: take });
    if (onRead) {
      for (const a of page.followers) await ctx.events.publish(`user:${a}`, { event: 'update', subject: s.id, accountId: a });
      for (const a of page.followers) reached.add(a);
    } else for (const a of await reachHomes(ctx, s, page.followers)) reached.add(a);
    next = page.next;
    if (!next) break;
    cursor = next;
    covered += take;
  }
  // List streams: lists holding the author whose owner got the post in their home as a follower (so blocks,
  // mutes and echo settings already apply); never direct posts, as in Mastodon.
  if (reached.size > 0) {
    for (const l of await listsShowing(ctx.db, s)) {
      if (reached.has(l.account_id)) await ctx.events.publish(`list:${l.id}`, { event: 'update', subject: s.id, accountId: l.account_id });
    }
  }
  if (next) ctx.jobs.enqueue('statuses.fanout', { statusId: s.id, cursor: next });
}

async function notifyForPost(ctx: FanoutDeps, s: StatusRow, mentioned: string[]): Promise<void> {
  const notified = new Set<string>([s.account_id]);
  const candidates = [...mentioned];
  if (s.in_reply_to_account_id) candidates.push(s.in_reply_to_account_id);
  const muting = s.conversation_id ? await accountsMutingConversation(ctx.db, s.conversation_id, candidates) : new Set<string>();
  const send = async (type: NotificationType, accountId: string) => {
    if (notified.has(accountId)) return;
    notified.add(accountId);
    await createNotification(ctx, { type, accountId, fromAccountId: s.account_id, statusId: s.id });
  };
  for (const a of mentioned) if (!muting.has(a)) await send('mention', a);
  // A reply notifies the replied-to author as a mention, when they may see the reply.
  const parentAuthor = s.in_reply_to_account_id;
  if (parentAuthor && !muting.has(parentAuthor) && (await mayRead(ctx, s, parentAuthor))) await send('mention', parentAuthor);
  if (s.quote_of_id) {
    const quoted = await findStatus(ctx.db, s.quote_of_id);
    if (quoted && (await mayRead(ctx, s, quoted.account_id))) await send('quote', quoted.account_id);
  }
  const selfThread = !s.in_reply_to_account_id || s.in_reply_to_account_id === s.account_id;
  if (s.visibility !== 'direct' && selfThread) {
    for (const f of await notifyingFollowers(ctx.db, s.account_id)) await send('status', f);
  }
}

// Without the mentions (checked by the caller): public and unlisted for all, followers-only for followers.
async function mayRead(ctx: FanoutDeps, s: StatusRow, accountId: string): Promise<boolean> {
  if (s.visibility === 'public' || s.visibility === 'unlisted') return true;
  if (s.visibility === 'private') return isFollowing(ctx.db, accountId, s.account_id);
  return false;
}

/** After an edit: `status.update` wherever the post was streamed, and an `update` notification for those who echoed it. */
export async function announceEdit(ctx: FanoutDeps, statusId: string): Promise<void> {
  const s = await findStatus(ctx.db, statusId);
  if (s?.state !== 'published') return;
  const holders = new Set(await feedHolders(ctx.db, s.id));
  for (const a of holders) await ctx.events.publish(`user:${a}`, { event: 'status.update', subject: s.id, accountId: a });
  // An author merged at read time has no rows in followers' homes: their streams hear it chunk by chunk.
  if (s.visibility !== 'direct' && (await fanoutState(ctx.db, s.account_id))?.onRead) {
    const original = s.reblog_of_id ? await findStatus(ctx.db, s.reblog_of_id) : null;
    let after: string | undefined;
    do {
      const page = await fanoutFollowers(ctx.db, s.account_id, original ? { authorId: original.account_id } : null, {
        after,
        limit: ctx.config.fanout.chunk * STREAM_ONLY_FACTOR,
      });
      for (const a of page.followers) {
        if (!holders.has(a)) await ctx.events.publish(`user:${a}`, { event: 'status.update', subject: s.id, accountId: a });
      }
      after = page.next ?? undefined;
      if (after) await new Promise((resolve) => setImmediate(resolve));
    } while (after);
  }
  for (const ch of await publicChannels(ctx, s)) await ctx.events.publish(ch, { event: 'status.update', subject: s.id });
  if (s.visibility !== 'direct') {
    for (const l of await listsShowing(ctx.db, s)) await ctx.events.publish(`list:${l.id}`, { event: 'status.update', subject: s.id, accountId: l.account_id });
  }
  for (const echo of await findEchoes(ctx.db, s.id)) {
    await createNotification(ctx, { type: 'update', accountId: echo.account_id, fromAccountId: s.account_id, statusId: s.id });
  }
  // Mastodon 4.5: people who quoted the post hear that it changed.
  for (const quote of await findQuotes(ctx.db, s.id)) {
    await createNotification(ctx, { type: 'quoted_update', accountId: quote.account_id, fromAccountId: s.account_id, statusId: s.id });
  }
  for (const hook of ctx.editedStatusHooks) {
    try {
      await hook(s.id);
    } catch (err) {
      ctx.logger.error({ err, statusId: s.id }, 'edited status hook failed');
    }
  }
}
