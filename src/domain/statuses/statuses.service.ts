import type { AppContext } from '../../context.js';
import type { Visibility } from '../../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { recordScreening, type ScreeningInput, type ScreeningVerdict, screenPost } from '../../moderation/screening.js';
import { checkPoll, type PollInput, replacePoll, storePoll } from '../polls/poll-input.js';
import { findPollOfStatus } from '../polls/polls.store.js';
import { renderPost } from '../text/render.js';
import { countPostChars, extractLocalMentions, extractTags, tokenize } from '../text/tokenize.js';
import { nowIso } from '../time.js';
import {
  attachMedia,
  bumpAccountStatuses,
  bumpCounter,
  claimIdempotent,
  countEdits,
  deleteActivityNotification,
  findEcho,
  findEchoes,
  findIdempotent,
  findLocalAccountsByUsernames,
  findMediaForAttach,
  findStatus,
  insertConversation,
  insertEdit,
  insertStatus,
  isFollowing,
  lockStatus,
  mediaIdsOf,
  postingDefaults,
  purgeStatus,
  replaceMentions,
  replaceStatusTags,
  type StatusRow,
  updateStatusFields,
  upsertTags,
  wasFannedOut,
} from './statuses.store.js';
import { canSee, loadVisibilityFacts } from './visibility.js';

export const MAX_MEDIA = 4;
const VISIBILITY_ORDER: Visibility[] = ['public', 'unlisted', 'private', 'direct'];

export interface PostInput {
  status?: string;
  spoilerText?: string;
  visibility?: Visibility;
  sensitive?: boolean;
  language?: string | null;
  inReplyToId?: string;
  mediaIds?: string[];
  quotedStatusId?: string;
  quotePolicy?: 'public' | 'followers' | 'nobody';
  poll?: PollInput;
  idempotencyKey?: string;
  applicationId?: string | null;
}

/** A status the viewer may see, or a 404 (hidden posts are indistinguishable from missing ones). */
export async function getVisibleStatus(ctx: AppContext, viewerId: string | null, id: string): Promise<StatusRow> {
  const row = await findStatus(ctx.db, id);
  if (!row) throw new NotFoundError();
  const facts = await loadVisibilityFacts(ctx.db, viewerId, [row]);
  if (!canSee(facts, row)) throw new NotFoundError();
  if (row.reblog_of_id) {
    const target = await findStatus(ctx.db, row.reblog_of_id);
    if (!target) throw new NotFoundError();
    const tf = await loadVisibilityFacts(ctx.db, viewerId, [target]);
    if (!canSee(tf, target)) throw new NotFoundError();
  }
  return row;
}

/** The viewer's own status, for writes: 404 if they cannot see it, 403 if it is someone else's. */
export async function getOwnStatus(ctx: AppContext, viewerId: string, id: string): Promise<StatusRow> {
  const row = await getVisibleStatus(ctx, viewerId, id);
  if (row.account_id !== viewerId) throw new ForbiddenError('This action is not allowed');
  return row;
}

/** An original post (not an echo) that the viewer may see and that is published. */
async function getActionable(ctx: AppContext, viewerId: string, id: string): Promise<StatusRow> {
  let row = await getVisibleStatus(ctx, viewerId, id);
  if (row.reblog_of_id) row = await getVisibleStatus(ctx, viewerId, row.reblog_of_id);
  if (row.state !== 'published') throw new ValidationError('Validation failed: this post is not published yet', 'id');
  return row;
}

interface PreparedText {
  content: string;
  mentionIds: string[];
  tags: Array<{ name: string; display: string }>;
}

async function prepareText(ctx: AppContext, text: string, spoilerText: string, hasMedia: boolean, allowEmpty: boolean): Promise<PreparedText> {
  if (text.trim() === '' && !hasMedia && !allowEmpty) throw new ValidationError("Validation failed: status can't be blank", 'status');
  const length = countPostChars(text) + [...spoilerText].length;
  if (length > ctx.config.maxPostChars)
    throw new ValidationError(`Validation failed: status is too long (maximum is ${ctx.config.maxPostChars} characters)`, 'status');
  const tokens = tokenize(text);
  const handles = extractLocalMentions(tokens, ctx.config.domain);
  const found = await findLocalAccountsByUsernames(ctx.db, handles);
  const accounts = new Map(found.map((a) => [a.username_lower, { username: a.username }]));
  const content = renderPost(tokens, { publicUrl: ctx.config.publicUrl, localDomain: ctx.config.domain, accounts });
  return { content, mentionIds: found.map((a) => a.id), tags: extractTags(tokens) };
}

async function checkMedia(ctx: AppContext, accountId: string, mediaIds: string[], statusId: string | null): Promise<string[]> {
  const ids = [...new Set(mediaIds)];
  if (ids.length > MAX_MEDIA) throw new ValidationError(`Validation failed: media_ids can hold at most ${MAX_MEDIA} attachments`, 'media_ids');
  if (ids.length === 0) return [];
  const rows = await findMediaForAttach(ctx.db, ids);
  for (const id of ids) {
    const m = rows.find((r) => r.id === id);
    if (!m || m.account_id !== accountId || (m.status_id !== null && m.status_id !== statusId))
      throw new ValidationError(`Validation failed: media_ids ${id} is not one of your unattached uploads`, 'media_ids');
  }
  return ids;
}

export interface CheckedPost {
  text: string;
  spoilerText: string;
  defaults: Awaited<ReturnType<typeof postingDefaults>>;
  visibility: Visibility;
  parent: StatusRow | undefined;
  quoted: StatusRow | undefined;
  mediaIds: string[];
  poll: PollInput | undefined;
  prepared: PreparedText;
}

/**
 * Checks a new post as publishing it would (length, visibility, reply and quote targets, poll, media) without
 * storing anything or screening it: createStatus runs it first, and a scheduled post runs it when it is scheduled.
 */
export async function checkNewPost(ctx: AppContext, accountId: string, input: PostInput): Promise<CheckedPost> {
  const text = input.status ?? '';
  const spoilerText = input.spoilerText ?? '';
  const defaults = await postingDefaults(ctx.db, accountId);
  let visibility: Visibility = input.visibility ?? defaults?.default_privacy ?? 'public';

  let parent: StatusRow | undefined;
  if (input.inReplyToId) {
    parent = await getVisibleStatus(ctx, accountId, input.inReplyToId).catch(() => {
      throw new NotFoundError('The post you are replying to does not exist or is not visible to you');
    });
    if (parent.reblog_of_id) throw new ValidationError('Validation failed: in_reply_to_id cannot be an echo', 'in_reply_to_id');
  }
  let quoted: StatusRow | undefined;
  if (input.quotedStatusId) {
    quoted = await getVisibleStatus(ctx, accountId, input.quotedStatusId).catch(() => {
      throw new NotFoundError('The post you are quoting does not exist or is not visible to you');
    });
    if (quoted.reblog_of_id) throw new ValidationError('Validation failed: quoted_status_id cannot be an echo', 'quoted_status_id');
    if (quoted.state !== 'published' && quoted.account_id !== accountId)
      throw new ValidationError('Validation failed: quoted_status_id is not published', 'quoted_status_id');
    await assertQuotable(ctx, accountId, quoted);
    // Quoting a followers-only post keeps the quote at least as closed (Mastodon does the same).
    if (quoted.visibility === 'private' && (visibility === 'public' || visibility === 'unlisted')) visibility = 'private';
  }
  const mediaIds = await checkMedia(ctx, accountId, input.mediaIds ?? [], null);
  const poll = input.poll ? checkPoll(input.poll) : undefined;
  if (poll && mediaIds.length > 0) throw new ValidationError('Validation failed: poll cannot be combined with media_ids', 'poll');
  const prepared = await prepareText(ctx, text, spoilerText, mediaIds.length > 0, !!quoted);
  return { text, spoilerText, defaults, visibility, parent, quoted, mediaIds, poll, prepared };
}

/** Thrown to roll back a new post whose Idempotency-Key another request holds. */
class KeyTaken extends Error {}

/** Publishes a new post: validate, screen, store in one transaction, then fan out after commit. */
export async function createStatus(ctx: AppContext, accountId: string, input: PostInput): Promise<StatusRow> {
  const now = nowIso();
  const since = new Date(Date.now() - 3600_000).toISOString();
  const previous = async (key: string) => {
    const statusId = await findIdempotent(ctx.db, accountId, key, since);
    return statusId ? findStatus(ctx.db, statusId) : undefined;
  };
  if (input.idempotencyKey) {
    const row = await previous(input.idempotencyKey);
    if (row) return row;
  }
  const { text, spoilerText, defaults, visibility, parent, quoted, mediaIds, poll, prepared } = await checkNewPost(ctx, accountId, input);
  const mediaDescriptions = (await findMediaForAttach(ctx.db, mediaIds)).map((m) => m.description ?? '');
  const verdict = await screenPost(ctx, { accountId, text, spoilerText, mediaDescriptions, pollOptions: poll?.options });
  if (verdict.outcome === 'refused') throw new ValidationError(verdict.reason ?? 'This post was refused by moderation', 'status');
  const state = verdict.outcome === 'pending' ? 'pending' : 'published';
  // The classifier's guess only when it is an ISO 639 code (it may say "other").
  const guessed = verdict.language && /^[a-z]{2,3}$/.test(verdict.language) ? verdict.language : null;
  const language = input.language ?? defaults?.default_language ?? guessed;
  const quotePolicy = visibility === 'private' || visibility === 'direct' ? 'nobody' : (input.quotePolicy ?? 'public');

  const id = ctx.ids.next();
  const stored = await ctx.db
    .transaction()
    .execute(async (trx) => {
      let conversationId = parent?.conversation_id ?? null;
      if (!conversationId) {
        conversationId = ctx.ids.next();
        await insertConversation(trx, conversationId, now);
      }
      await insertStatus(trx, {
        id,
        account_id: accountId,
        text,
        content: prepared.content,
        spoiler_text: spoilerText,
        visibility,
        sensitive: input.sensitive || spoilerText !== '' || (input.sensitive === undefined && defaults?.default_sensitive === 1 && mediaIds.length > 0) ? 1 : 0,
        language,
        in_reply_to_id: parent?.id ?? null,
        in_reply_to_account_id: parent?.account_id ?? null,
        reblog_of_id: null,
        quote_of_id: quoted?.id ?? null,
        quote_policy: quotePolicy,
        conversation_id: conversationId,
        application_id: input.applicationId ?? null,
        state,
        created_at: now,
      });
      // Right after the post's row: a request with the same key at once waits here for this one, then gives way.
      if (input.idempotencyKey && !(await claimIdempotent(trx, accountId, input.idempotencyKey, id, now, since))) throw new KeyTaken();
      await replaceMentions(trx, id, prepared.mentionIds);
      const tagIds = await upsertTags(trx, prepared.tags, () => ctx.ids.next(), now);
      await replaceStatusTags(trx, id, accountId, [...tagIds.values()], now);
      await attachMedia(trx, id, mediaIds);
      if (poll) await storePoll(ctx, trx, id, accountId, poll, now);
      if (state === 'published')
        await applyPublishedCounters(trx, { id, accountId, visibility, parentId: parent?.id ?? null, quoteOfId: quoted?.id ?? null, now });
      return true;
    })
    .catch((err) => {
      if (err instanceof KeyTaken) return false;
      throw err;
    });
  if (!stored) {
    // Rolled back: the post made with this key by the request that came first is the answer.
    const row = await previous(input.idempotencyKey!);
    if (row) return row;
    throw new ConflictError('A post with this Idempotency-Key was being made at the same time; try again');
  }
  if (state === 'published') await changed(ctx, { accounts: [accountId], statuses: [parent?.id, quoted?.id] });
  await recordScreening(ctx, id, verdict);
  if (state === 'published') {
    ctx.jobs.enqueue('statuses.fanout', { statusId: id });
    ctx.jobs.enqueue('statuses.card', { statusId: id });
  }
  return (await findStatus(ctx.db, id))!;
}

async function applyPublishedCounters(
  db: Parameters<typeof bumpCounter>[0],
  s: { id: string; accountId: string; visibility: Visibility; parentId: string | null; quoteOfId: string | null; now: string },
): Promise<void> {
  // As Mastodon, direct posts do not count in statuses_count.
  if (s.visibility !== 'direct') await bumpAccountStatuses(db, s.accountId, 1, s.now);
  if (s.parentId) await bumpCounter(db, s.parentId, 'replies_count', 1);
  if (s.quoteOfId) await bumpCounter(db, s.quoteOfId, 'quotes_count', 1);
}

/**
 * For the moderation area: a held ('pending') post was approved. It becomes published, the counters it
 * affects move, and it is fanned out (homes, notifications, streams) as a new post would be.
 */
export async function publishHeldStatus(ctx: AppContext, statusId: string): Promise<void> {
  const row = await findStatus(ctx.db, statusId);
  if (!row || row.state === 'published') return;
  // A post fanned out before always sits in its author's home feed; one held from the start does not.
  const wasNew = !(await wasFannedOut(ctx.db, row.account_id, statusId));
  await ctx.db.transaction().execute(async (trx) => {
    await updateStatusFields(trx, statusId, { state: 'published' });
    if (wasNew)
      await applyPublishedCounters(trx, {
        id: row.id,
        accountId: row.account_id,
        visibility: row.visibility,
        parentId: row.in_reply_to_id,
        quoteOfId: row.quote_of_id,
        now: nowIso(),
      });
  });
  await changed(ctx, { statuses: [row.id, row.in_reply_to_id, row.quote_of_id], accounts: [row.account_id] });
  ctx.jobs.enqueue(wasNew ? 'statuses.fanout' : 'statuses.edited', { statusId });
  ctx.jobs.enqueue('statuses.card', { statusId });
}

async function assertQuotable(ctx: AppContext, accountId: string, quoted: StatusRow): Promise<void> {
  if (quoted.account_id === accountId) {
    if (quoted.visibility === 'direct') throw new ValidationError('Validation failed: quoted_status_id cannot be quoted', 'quoted_status_id');
    return;
  }
  const policy = quoted.visibility === 'private' || quoted.visibility === 'direct' ? 'nobody' : quoted.quote_policy;
  if (policy === 'public') return;
  if (policy === 'followers' && (await isFollowing(ctx.db, accountId, quoted.account_id))) return;
  throw new ForbiddenError('The author does not allow this post to be quoted');
}

export interface EditInput {
  status?: string;
  spoilerText?: string;
  sensitive?: boolean;
  language?: string | null;
  mediaIds?: string[];
  /** A changed poll; left out, the post keeps its poll. */
  poll?: PollInput;
}

/**
 * Edits attempted per request: each failed attempt means another edit of the post committed first, so with up to
 * this many edits of one post at once every one of them goes through, as if sent one after the other.
 */
const EDIT_ATTEMPTS = 10;

/** Edits the viewer's own post, keeping every version in status_edits (the first edit also stores the original). */
export async function editStatus(ctx: AppContext, accountId: string, id: string, input: EditInput): Promise<StatusRow> {
  // A retry screens again only what changed (another edit may have changed the text it keeps).
  const verdicts = new Map<string, ScreeningVerdict>();
  const screen = async (screening: ScreeningInput): Promise<ScreeningVerdict> => {
    const key = JSON.stringify(screening);
    const verdict = verdicts.get(key) ?? (await screenPost(ctx, screening));
    verdicts.set(key, verdict);
    return verdict;
  };
  for (let attempt = 1; ; attempt++) {
    const edited = await tryEdit(ctx, accountId, id, input, screen);
    if (edited) return edited;
    if (attempt >= EDIT_ATTEMPTS) throw new ConflictError('This post is being edited elsewhere at the same time; try again');
  }
}

/**
 * One attempt at an edit: read and check outside the transaction, then store under the post's row lock if no
 * other edit committed in between (the number of stored versions is the post's version); undefined if one did.
 */
async function tryEdit(
  ctx: AppContext,
  accountId: string,
  id: string,
  input: EditInput,
  screen: (input: ScreeningInput) => Promise<ScreeningVerdict>,
): Promise<StatusRow | undefined> {
  // Counted before the row is read: an edit committing after this shows as a changed count under the lock.
  const version = await countEdits(ctx.db, id);
  const row = await getOwnStatus(ctx, accountId, id);
  if (row.reblog_of_id) throw new ValidationError('Validation failed: an echo cannot be edited', 'id');
  const currentMedia = await mediaIdsOf(ctx.db, id);
  const text = input.status ?? row.text;
  const spoilerText = input.spoilerText ?? row.spoiler_text;
  const mediaIds = input.mediaIds !== undefined ? await checkMedia(ctx, accountId, input.mediaIds, id) : currentMedia;
  const currentPoll = await findPollOfStatus(ctx.db, id);
  const poll = input.poll ? checkPoll(input.poll) : undefined;
  if ((poll || currentPoll) && mediaIds.length > 0)
    throw new ValidationError('Validation failed: poll cannot be combined with media_ids', poll ? 'poll' : 'media_ids');
  const prepared = await prepareText(ctx, text, spoilerText, mediaIds.length > 0, !!row.quote_of_id);
  const mediaDescriptions = (await findMediaForAttach(ctx.db, mediaIds)).map((m) => m.description ?? '');
  const pollOptions = poll?.options ?? currentPoll?.options.map((o) => o.title);
  const verdict = await screen({ accountId, text, spoilerText, mediaDescriptions, pollOptions, statusId: id });
  if (verdict.outcome === 'refused') throw new ValidationError(verdict.reason ?? 'This edit was refused by moderation', 'status');
  const state = verdict.outcome === 'pending' ? 'pending' : row.state;
  const sensitive = input.sensitive ?? (row.sensitive === 1 || (spoilerText !== '' && row.spoiler_text === ''));
  const now = nowIso();
  const stored = await ctx.db.transaction().execute(async (trx) => {
    // Concurrent edits of the post queue here; one that finds a newer version starts again on fresh data.
    if (!(await lockStatus(trx, id))) throw new NotFoundError();
    if ((await countEdits(trx, id)) !== version) return false;
    if (version === 0) {
      await insertEdit(trx, {
        id: ctx.ids.next(),
        statusId: id,
        text: row.text,
        content: row.content,
        spoilerText: row.spoiler_text,
        sensitive: row.sensitive === 1,
        mediaIds: currentMedia,
        createdAt: row.created_at,
      });
    }
    await insertEdit(trx, { id: ctx.ids.next(), statusId: id, text, content: prepared.content, spoilerText, sensitive, mediaIds, createdAt: now });
    await updateStatusFields(trx, id, {
      text,
      content: prepared.content,
      spoiler_text: spoilerText,
      sensitive: sensitive || spoilerText !== '' ? 1 : 0,
      language: input.language !== undefined ? input.language : row.language,
      edited_at: now,
      state,
    });
    await replaceMentions(trx, id, prepared.mentionIds);
    const tagIds = await upsertTags(trx, prepared.tags, () => ctx.ids.next(), now);
    await replaceStatusTags(trx, id, accountId, [...tagIds.values()], row.created_at);
    await attachMedia(trx, id, mediaIds);
    if (poll) await replacePoll(ctx, trx, id, accountId, currentPoll, poll, now);
    return true;
  });
  if (!stored) return undefined;
  await changed(ctx, { statuses: [id] });
  await recordScreening(ctx, id, verdict);
  if (state === 'published') {
    ctx.jobs.enqueue('statuses.edited', { statusId: id });
    // The first link may have changed, or a content warning or media been added.
    ctx.jobs.enqueue('statuses.card', { statusId: id });
  }
  return (await findStatus(ctx.db, id))!;
}

/**
 * Deletes a post for good (row, text, edits, media rows, echoes, feed entries, notifications) and
 * moves the counters back. Returns the row as it was, for "delete & redraft".
 */
export async function deleteStatus(ctx: AppContext, accountId: string, id: string): Promise<StatusRow> {
  const row = await getOwnStatus(ctx, accountId, id);
  // Deleted meanwhile by another request: as if this one came second.
  if (!(await purge(ctx, row))) throw new NotFoundError();
  return row;
}

/** Moderation's removal uses this too: no ownership check. False when the post was gone already. */
export async function purge(ctx: AppContext, row: StatusRow): Promise<boolean> {
  const purged = await ctx.db.transaction().execute(async (trx) => {
    // Under the row's lock (an echo's original first, the order every writer takes them in), so that two deletes at
    // once count down once, and no echo is made meanwhile (reblogStatus takes the same lock).
    if (row.reblog_of_id) await lockStatus(trx, row.reblog_of_id);
    if (!(await lockStatus(trx, row.id))) return undefined;
    const current = (await findStatus(trx, row.id))!;
    const echoes = current.reblog_of_id ? [] : await findEchoes(trx, current.id);
    for (const e of echoes) {
      await purgeStatus(trx, e.id);
      await bumpAccountStatuses(trx, e.account_id, -1);
    }
    if (current.state === 'published') {
      if (current.visibility !== 'direct') await bumpAccountStatuses(trx, current.account_id, -1);
      if (current.in_reply_to_id) await bumpCounter(trx, current.in_reply_to_id, 'replies_count', -1);
      if (current.quote_of_id && current.quote_state !== 'revoked') await bumpCounter(trx, current.quote_of_id, 'quotes_count', -1);
      if (current.reblog_of_id) {
        await bumpCounter(trx, current.reblog_of_id, 'reblogs_count', -1);
        await deleteActivityNotification(trx, { type: 'reblog', fromAccountId: current.account_id, statusId: current.reblog_of_id });
      }
    }
    await purgeStatus(trx, current.id);
    return { current, echoes };
  });
  if (!purged) return false;
  const { current, echoes } = purged;
  await changed(ctx, {
    statuses: [current.id, current.in_reply_to_id, current.quote_of_id, current.reblog_of_id, ...echoes.map((e) => e.id)],
    accounts: [current.account_id, ...echoes.map((e) => e.account_id)],
    // The one who echoed no longer has `reblogged` on the original.
    homes: current.reblog_of_id ? [current.account_id] : [],
  });
  for (const sid of [current.id, ...echoes.map((e) => e.id)]) await ctx.events.publish('deletes', { event: 'delete', subject: sid });
  // Its text out of SQLite's write-ahead log too (the rows themselves are zeroed: secure_delete).
  ctx.jobs.enqueue('statuses.purged', {});
  return true;
}

/** Echoes (reblogs) a post; returns the echo. Followers-only and direct posts cannot be echoed. */
export async function reblogStatus(ctx: AppContext, accountId: string, id: string, requested?: Visibility): Promise<StatusRow> {
  const target = await getActionable(ctx, accountId, id);
  if (target.visibility === 'private' || target.visibility === 'direct') throw new ForbiddenError('This post cannot be echoed');
  const existing = await findEcho(ctx.db, accountId, target.id);
  if (existing) return existing;
  const want = requested && requested !== 'direct' ? requested : 'public';
  const visibility = VISIBILITY_ORDER[Math.max(VISIBILITY_ORDER.indexOf(want), VISIBILITY_ORDER.indexOf(target.visibility))]!;
  const echoId = ctx.ids.next();
  const now = nowIso();
  const already = await ctx.db.transaction().execute(async (trx) => {
    // Echoes of this post at once queue on its row: the first makes the echo, the others find it.
    if (!(await lockStatus(trx, target.id))) throw new NotFoundError();
    const echo = await findEcho(trx, accountId, target.id);
    if (echo) return echo;
    await insertStatus(trx, {
      id: echoId,
      account_id: accountId,
      text: '',
      content: '',
      visibility,
      sensitive: 0,
      language: null,
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      reblog_of_id: target.id,
      quote_of_id: null,
      conversation_id: null,
      application_id: null,
      state: 'published',
      created_at: now,
    });
    await bumpCounter(trx, target.id, 'reblogs_count', 1);
    await bumpAccountStatuses(trx, accountId, 1, now);
    return undefined;
  });
  if (already) return already;
  await changed(ctx, { statuses: [target.id], accounts: [accountId], homes: [accountId] });
  ctx.jobs.enqueue('statuses.fanout', { statusId: echoId });
  return (await findStatus(ctx.db, echoId))!;
}

export async function unreblogStatus(ctx: AppContext, accountId: string, id: string): Promise<StatusRow> {
  let target = await findStatus(ctx.db, id);
  if (!target) throw new NotFoundError();
  if (target.reblog_of_id) target = (await findStatus(ctx.db, target.reblog_of_id)) ?? target;
  const echo = await findEcho(ctx.db, accountId, target.id);
  if (echo) await purge(ctx, echo);
  return getVisibleStatus(ctx, accountId, target.id);
}

export { getActionable };

export async function quotePolicyAllowed(ctx: AppContext, accountId: string, quoted: StatusRow): Promise<boolean> {
  try {
    await assertQuotable(ctx, accountId, quoted);
    return true;
  } catch {
    return false;
  }
}

/**
 * Mastodon 4.5: the quoted author detaches someone's quote from their post. The quoting post stays, its
 * quote shown as revoked; the quoted post's quotes_count goes down.
 */
export async function revokeQuote(ctx: AppContext, accountId: string, quotedId: string, quotingId: string): Promise<StatusRow> {
  const quoted = await getOwnStatus(ctx, accountId, quotedId);
  const quoting = await findStatus(ctx.db, quotingId);
  if (!quoting || quoting.quote_of_id !== quoted.id) throw new NotFoundError();
  if (quoting.quote_state === 'revoked') return quoting;
  await ctx.db.transaction().execute(async (trx) => {
    await updateStatusFields(trx, quoting.id, { quote_state: 'revoked' });
    if (quoting.state === 'published') await bumpCounter(trx, quoted.id, 'quotes_count', -1);
  });
  await changed(ctx, { statuses: [quoting.id, quoted.id] });
  return (await findStatus(ctx.db, quoting.id))!;
}

/** Mastodon 4.5's interaction policy: who may quote the post from now on (earlier quotes stay). */
export async function setQuotePolicy(ctx: AppContext, accountId: string, id: string, policy: 'public' | 'followers' | 'nobody'): Promise<StatusRow> {
  const row = await getOwnStatus(ctx, accountId, id);
  if (row.reblog_of_id) throw new ValidationError('Validation failed: an echo has no quote policy', 'id');
  const effective = row.visibility === 'private' || row.visibility === 'direct' ? 'nobody' : policy;
  await updateStatusFields(ctx.db, row.id, { quote_policy: effective });
  await changed(ctx, { statuses: [row.id] });
  return (await findStatus(ctx.db, row.id))!;
}
