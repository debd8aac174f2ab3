import { inTransaction } from '../../db/transaction.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { createNotification } from '../notifications/notify.js';
import { nowIso } from '../time.js';
import type { StatusesDeps } from './deps.js';
import { runUpvoteHooks } from './hooks.js';
import {
  addMark,
  countPins,
  deleteActivityNotification,
  deleteVote,
  findVote,
  hasMark,
  muteConversation,
  removeMark,
  setVote,
  unmuteConversation,
} from './interactions.store.js';
import { getActionable, getOwnStatus, getVisibleStatus } from './status-access.js';
import { bumpCounter, lockAccount, lockStatus, type StatusRow } from './statuses.store.js';

export const MAX_PINS = 5;

/** Favourite = a Tribune upvote of a post. Idempotent. */
export async function favourite(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const s = await getActionable(ctx, accountId, id);
  const added = await inTransaction(ctx.db, async (trx) => {
    // The post's lock first: deleted meanwhile, this is a 404 (not a foreign-key error or a deadlock with the delete).
    if (!(await lockStatus(trx, s.id))) throw new NotFoundError();
    const inserted = await addMark(trx, 'favourites', ctx.ids.next(), accountId, s.id, nowIso());
    if (inserted) await bumpCounter(trx, s.id, 'favourites_count', 1);
    return inserted;
  });
  await changed(ctx, { statuses: [s.id], homes: [accountId] });
  if (added) {
    await createNotification(ctx, { type: 'favourite', accountId: s.account_id, fromAccountId: accountId, statusId: s.id });
    await runUpvoteHooks(ctx, accountId, s.id, true);
  }
  return s;
}

export async function unfavourite(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const s = await getVisibleStatus(ctx, accountId, id);
  const target = s.reblog_of_id ? await getVisibleStatus(ctx, accountId, s.reblog_of_id) : s;
  const removed = await inTransaction(ctx.db, async (trx) => {
    if (!(await removeMark(trx, 'favourites', accountId, target.id))) return false;
    await bumpCounter(trx, target.id, 'favourites_count', -1);
    await deleteActivityNotification(trx, { type: 'favourite', fromAccountId: accountId, statusId: target.id });
    return true;
  });
  await changed(ctx, { statuses: [target.id], homes: [accountId] });
  if (removed) await runUpvoteHooks(ctx, accountId, target.id, false);
  return target;
}

export async function bookmark(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const s = await getActionable(ctx, accountId, id);
  await addMark(ctx.db, 'bookmarks', ctx.ids.next(), accountId, s.id, nowIso());
  await changed(ctx, { homes: [accountId] });
  return s;
}

export async function unbookmark(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const s = await getVisibleStatus(ctx, accountId, id);
  const target = s.reblog_of_id ? await getVisibleStatus(ctx, accountId, s.reblog_of_id) : s;
  await removeMark(ctx.db, 'bookmarks', accountId, target.id);
  await changed(ctx, { homes: [accountId] });
  return target;
}

/** Pins one of the viewer's own public or unlisted posts to their profile (at most five, as Mastodon). */
export async function pin(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const s = await getOwnStatus(ctx, accountId, id);
  if (s.reblog_of_id) throw new ValidationError('Validation failed: an echo cannot be pinned', 'id');
  if (s.visibility !== 'public' && s.visibility !== 'unlisted')
    throw new ValidationError('Validation failed: only public and unlisted posts can be pinned', 'id');
  if (s.state !== 'published') throw new ValidationError('Validation failed: this post is not published yet', 'id');
  await inTransaction(ctx.db, async (trx) => {
    // Pins at once queue on the account's row, so that they cannot all pass the count.
    await lockAccount(trx, accountId);
    if ((await countPins(trx, accountId)) >= MAX_PINS) {
      if (!(await hasMark(trx, 'pins', accountId, s.id))) throw new ValidationError(`Validation failed: you can pin at most ${MAX_PINS} posts`, 'id');
    }
    await addMark(trx, 'pins', ctx.ids.next(), accountId, s.id, nowIso());
  });
  await changed(ctx, { homes: [accountId] });
  return s;
}

export async function unpin(ctx: StatusesDeps, accountId: string, id: string): Promise<StatusRow> {
  const s = await getOwnStatus(ctx, accountId, id);
  await removeMark(ctx.db, 'pins', accountId, s.id);
  await changed(ctx, { homes: [accountId] });
  return s;
}

/** Mutes the thread: no more notifications from it. */
export async function muteThread(ctx: StatusesDeps, accountId: string, id: string, mute: boolean): Promise<StatusRow> {
  const s = await getVisibleStatus(ctx, accountId, id);
  const target = s.reblog_of_id ? await getVisibleStatus(ctx, accountId, s.reblog_of_id) : s;
  if (!target.conversation_id) throw new ValidationError('Validation failed: this post is not part of a thread', 'id');
  if (mute) await muteConversation(ctx.db, accountId, target.conversation_id, nowIso());
  else await unmuteConversation(ctx.db, accountId, target.conversation_id);
  await changed(ctx, { homes: [accountId] });
  return target;
}

/**
 * Tribune's Parler-style votes on replies: +1, -1, or 0 to withdraw. One vote per account and reply;
 * changing a vote moves both counters.
 */
export async function vote(ctx: StatusesDeps, accountId: string, id: string, value: 1 | -1 | 0): Promise<StatusRow> {
  const s = await getActionable(ctx, accountId, id);
  if (!s.in_reply_to_id) throw new ValidationError('Validation failed: only replies can be voted on', 'id');
  await inTransaction(ctx.db, async (trx) => {
    // Votes at once queue on the post's row: each sees the one before, so the counters move once.
    if (!(await lockStatus(trx, s.id))) throw new NotFoundError();
    const previous = await findVote(trx, accountId, s.id);
    if ((previous ?? 0) === value) return;
    if (previous === 1) await bumpCounter(trx, s.id, 'upvotes_count', -1);
    if (previous === -1) await bumpCounter(trx, s.id, 'downvotes_count', -1);
    if (value === 0) await deleteVote(trx, accountId, s.id);
    else {
      await setVote(trx, accountId, s.id, value, nowIso());
      await bumpCounter(trx, s.id, value === 1 ? 'upvotes_count' : 'downvotes_count', 1);
    }
  });
  await changed(ctx, { statuses: [s.id], homes: [accountId] });
  return s;
}
