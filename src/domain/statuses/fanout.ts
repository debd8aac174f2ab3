import type { AppContext } from '../../context.js';
import { truncateWal } from '../../db/wal.js';
import { changed } from '../../infra/versions.js';
import { listsShowing } from '../lists/lists.store.js';
import { createNotification } from '../notifications/notify.js';
import type { NotificationType } from '../notifications/types.js';
import { accountsShunning, fanoutFollowers, feedHolders, insertFeedEntries, notifyingFollowers } from '../timelines/feed.store.js';
import { tagFollowers } from '../trends/tags.store.js';
import { directStatusHooks } from './hooks.js';
import { accountStates, mediaOf, tagIdsOf, tagsOf } from './status-view.store.js';
import { accountsMutingConversation, findEchoes, findQuotes, findStatus, isFollowing, mentionedAccountIds, type StatusRow } from './statuses.store.js';

// After-commit work for posts: home feeds (fan-out on write), notifications and stream events.

export function registerStatusJobs(ctx: AppContext): void {
  ctx.jobs.register('statuses.fanout', (p) => fanoutStatus(ctx, p.statusId));
  ctx.jobs.register('statuses.edited', (p) => announceEdit(ctx, p.statusId));
  ctx.jobs.register('statuses.purged', flushPurged(ctx));
}

const FLUSH_RETRY_MS = 60_000;

/**
 * After a purge, SQLite's write-ahead log still holds the deleted text until it is checkpointed and emptied: done
 * here, after commit and off the request's path; a burst of purges (an account's posts) shares one checkpoint.
 * Another process reading meanwhile makes it wait: it is tried again a minute later.
 */
function flushPurged(ctx: AppContext): () => Promise<void> {
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
async function publicChannels(ctx: AppContext, s: StatusRow): Promise<string[]> {
  if (s.visibility !== 'public' || s.reblog_of_id || s.limited === 1) return [];
  const [author] = await accountStates(ctx.db, [s.account_id]);
  if (!author || author.limited_at || author.suspended_at) return [];
  const channels = ['public', 'public:local'];
  if ((await mediaOf(ctx.db, [s.id])).length > 0) channels.push('public:media', 'public:local:media');
  for (const t of await tagsOf(ctx.db, [s.id])) channels.push(`hashtag:${t.name}`, `hashtag:local:${t.name}`);
  return channels;
}

export async function fanoutStatus(ctx: AppContext, statusId: string): Promise<void> {
  const s = await findStatus(ctx.db, statusId);
  if (s?.state !== 'published') return;
  const original = s.reblog_of_id ? await findStatus(ctx.db, s.reblog_of_id) : null;
  if (s.reblog_of_id && !original) return;
  const mentioned = original ? [] : await mentionedAccountIds(ctx.db, s.id);

  const homes = new Set<string>([s.account_id]);
  const followers = await fanoutFollowers(ctx.db, s.account_id, original ? { authorId: original.account_id } : null);
  if (s.visibility === 'direct') {
    // As Mastodon: a direct post reaches the homes of mentioned people who follow the author.
    const mentionedSet = new Set(mentioned);
    for (const f of followers) if (mentionedSet.has(f)) homes.add(f);
  } else for (const f of followers) homes.add(f);
  const channels = await publicChannels(ctx, s);
  // Followed hashtags bring public posts into their followers' homes, as in Mastodon.
  if (!original && channels.length > 0) {
    const tagIds = await tagIdsOf(ctx.db, s.id);
    const fans = (await tagFollowers(ctx.db, tagIds)).filter((a) => !homes.has(a));
    const shunning = await accountsShunning(ctx.db, s.account_id, fans);
    for (const a of fans) if (!shunning.has(a)) homes.add(a);
  }
  const added = await insertFeedEntries(
    ctx.db,
    [...homes].map((accountId) => ({ accountId, statusId: s.id, authorId: s.account_id, reblogOfId: s.reblog_of_id })),
  );
  await changed(ctx, { homes: added });
  // A retried job (the process died, or Redis failed, after the inserts) streams only to homes it has just reached.
  for (const a of added) await ctx.events.publish(`user:${a}`, { event: 'update', subject: s.id, accountId: a });
  if (added.size > 0) for (const ch of channels) await ctx.events.publish(ch, { event: 'update', subject: s.id });
  // List streams: lists holding the author whose owner got the post in their home as a follower (so blocks,
  // mutes and echo settings already apply); never direct posts, as in Mastodon.
  if (s.visibility !== 'direct' && followers.length > 0 && added.size > 0) {
    const owners = new Set(followers);
    for (const l of await listsShowing(ctx.db, s)) {
      if (owners.has(l.account_id)) await ctx.events.publish(`list:${l.id}`, { event: 'update', subject: s.id, accountId: l.account_id });
    }
  }
  if (s.visibility === 'direct') {
    // The conversations area (through this hook) updates the conversation rows and tells `direct:<accountId>`.
    for (const hook of directStatusHooks(ctx)) {
      try {
        await hook(ctx, s.id);
      } catch (err) {
        ctx.logger.error({ err, statusId: s.id }, 'direct status hook failed');
      }
    }
  }

  if (original) {
    await createNotification(ctx, { type: 'reblog', accountId: original.account_id, fromAccountId: s.account_id, statusId: original.id });
    return;
  }
  await notifyForPost(ctx, s, mentioned);
}

async function notifyForPost(ctx: AppContext, s: StatusRow, mentioned: string[]): Promise<void> {
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
async function mayRead(ctx: AppContext, s: StatusRow, accountId: string): Promise<boolean> {
  if (s.visibility === 'public' || s.visibility === 'unlisted') return true;
  if (s.visibility === 'private') return isFollowing(ctx.db, accountId, s.account_id);
  return false;
}

/** After an edit: `status.update` wherever the post was streamed, and an `update` notification for those who echoed it. */
export async function announceEdit(ctx: AppContext, statusId: string): Promise<void> {
  const s = await findStatus(ctx.db, statusId);
  if (s?.state !== 'published') return;
  for (const a of await feedHolders(ctx.db, s.id)) await ctx.events.publish(`user:${a}`, { event: 'status.update', subject: s.id, accountId: a });
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
}
