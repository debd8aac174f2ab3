import type { Visibility } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { recordRefusal, recordScreening, type ScreeningInput, screenPost } from '../../moderation/screening.js';
import { checkPoll, type PollInput, storePoll } from '../polls/poll-input.js';
import { nowIso } from '../time.js';
import type { StatusesDeps } from './deps.js';
import { checkMedia, mediaGone, type PreparedText, prepareText } from './post-checks.js';
import { assertQuotable } from './quotes.js';
import { getVisibleStatus } from './status-access.js';
import {
  attachMedia,
  bumpAccountStatuses,
  bumpCounter,
  claimIdempotent,
  findIdempotent,
  findMediaForAttach,
  findStatus,
  insertConversation,
  insertStatus,
  postingDefaults,
  replaceMentions,
  replaceStatusTags,
  type StatusRow,
  upsertTags,
} from './statuses.store.js';

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
export async function checkNewPost(ctx: StatusesDeps, accountId: string, input: PostInput): Promise<CheckedPost> {
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

/** Publishes a new post: validate, screen, store it with its screening in one transaction, then fan out after commit. */
export async function createStatus(ctx: StatusesDeps, accountId: string, input: PostInput): Promise<StatusRow> {
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
  // The classifier runs before the transaction: the post, its screening and any case are then stored together.
  const screening: ScreeningInput = { accountId, text, spoilerText, mediaDescriptions, pollOptions: poll?.options };
  const verdict = await screenPost(ctx, screening);
  if (verdict.outcome === 'refused') {
    await recordRefusal(ctx, screening, verdict);
    throw new ValidationError(verdict.reason ?? 'This post was refused by moderation', 'status');
  }
  const state = verdict.outcome === 'pending' ? 'pending' : 'published';
  // The classifier's guess only when it is an ISO 639 code (it may say "other").
  const guessed = verdict.language && /^[a-z]{2,3}$/.test(verdict.language) ? verdict.language : null;
  const language = input.language ?? defaults?.default_language ?? guessed;
  const quotePolicy = visibility === 'private' || visibility === 'direct' ? 'nobody' : (input.quotePolicy ?? 'public');

  const id = ctx.ids.next();
  const stored = await inTransaction(ctx.db, async (trx) => {
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
    if (!(await attachMedia(trx, id, accountId, mediaIds))) throw mediaGone();
    if (poll) await storePoll(ctx, trx, id, accountId, poll, now);
    if (state === 'published')
      await applyPublishedCounters(trx, { id, accountId, visibility, parentId: parent?.id ?? null, quoteOfId: quoted?.id ?? null, now });
    await recordScreening(ctx.ids, trx, { statusId: id, accountId, edit: false, now }, verdict);
    return true;
  }).catch((err) => {
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
  if (state === 'published') {
    ctx.jobs.enqueue('statuses.fanout', { statusId: id });
    ctx.jobs.enqueue('statuses.card', { statusId: id });
  }
  return (await findStatus(ctx.db, id))!;
}

export async function applyPublishedCounters(
  db: Parameters<typeof bumpCounter>[0],
  s: { id: string; accountId: string; visibility: Visibility; parentId: string | null; quoteOfId: string | null; now: string },
): Promise<void> {
  // As Mastodon, direct posts do not count in statuses_count.
  if (s.visibility !== 'direct') await bumpAccountStatuses(db, s.accountId, 1, s.now);
  if (s.parentId) await bumpCounter(db, s.parentId, 'replies_count', 1);
  if (s.quoteOfId) await bumpCounter(db, s.quoteOfId, 'quotes_count', 1);
}
