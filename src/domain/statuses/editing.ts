import { inTransaction } from '../../db/transaction.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { changed } from '../../infra/versions.js';
import { applyMediaPatches, type MediaAttribute, prepareMediaAttributes } from '../../media/media-attributes.js';
import { recordRefusal, recordScreening, type ScreeningInput, type ScreeningVerdict, screenPost } from '../../moderation/screening.js';
import { checkPoll, type PollInput, replacePoll } from '../polls/poll-input.js';
import { findPollOfStatus } from '../polls/polls.store.js';
import { nowIso } from '../time.js';
import type { StatusesDeps } from './deps.js';
import { checkMedia, mediaGone, prepareText } from './post-checks.js';
import { getOwnStatus } from './status-access.js';
import {
  attachMedia,
  countEdits,
  findMediaForAttach,
  findStatus,
  insertEdit,
  lockStatus,
  mediaIdsOf,
  replaceMentions,
  replaceStatusTags,
  type StatusRow,
  updateStatusFields,
  upsertTags,
} from './statuses.store.js';

export interface EditInput {
  status?: string;
  spoilerText?: string;
  sensitive?: boolean;
  language?: string | null;
  mediaIds?: string[];
  /** New alt text or focal points for attachments the post keeps (Mastodon's `media_attributes[]`). */
  mediaAttributes?: MediaAttribute[];
  /** A changed poll; left out, the post keeps its poll. */
  poll?: PollInput;
}

/**
 * Edits attempted per request: each failed attempt means another edit of the post committed first, so with up to
 * this many edits of one post at once every one of them goes through, as if sent one after the other.
 */
const EDIT_ATTEMPTS = 10;

/** Edits the viewer's own post, keeping every version in status_edits (the first edit also stores the original). */
export async function editStatus(ctx: StatusesDeps, accountId: string, id: string, input: EditInput): Promise<StatusRow> {
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
  ctx: StatusesDeps,
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
  const mediaPatches = await prepareMediaAttributes(ctx.db, input.mediaAttributes ?? [], mediaIds);
  // New alt text is screened with the rest of the edit.
  const newDescription = new Map(mediaPatches.filter((m) => m.description !== undefined).map((m) => [m.id, m.description]));
  const mediaDescriptions = (await findMediaForAttach(ctx.db, mediaIds)).map(
    (m) => (newDescription.has(m.id) ? newDescription.get(m.id) : m.description) ?? '',
  );
  const pollOptions = poll?.options ?? currentPoll?.options.map((o) => o.title);
  const screening: ScreeningInput = { accountId, text, spoilerText, mediaDescriptions, pollOptions, statusId: id };
  const verdict = await screen(screening);
  if (verdict.outcome === 'refused') {
    await recordRefusal(ctx, screening, verdict);
    throw new ValidationError(verdict.reason ?? 'This edit was refused by moderation', 'status');
  }
  const state = verdict.outcome === 'pending' ? 'pending' : row.state;
  const sensitive = input.sensitive ?? (row.sensitive === 1 || (spoilerText !== '' && row.spoiler_text === ''));
  const now = nowIso();
  const stored = await inTransaction(ctx.db, async (trx) => {
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
    if (!(await attachMedia(trx, id, accountId, mediaIds))) throw mediaGone();
    await applyMediaPatches(trx, mediaPatches);
    if (poll) await replacePoll(ctx, trx, id, accountId, currentPoll, poll, now);
    // A held edit also leaves the feeds the post had reached, in this same transaction.
    await recordScreening(ctx.ids, trx, { statusId: id, accountId, edit: true, now }, verdict);
    return true;
  });
  if (!stored) return undefined;
  await changed(ctx, { statuses: [id] });
  // Streams that showed the post drop it while the edit waits for a moderator.
  if (verdict.outcome === 'pending') await ctx.events.publish('deletes', { event: 'delete', subject: id });
  if (state === 'published') {
    ctx.jobs.enqueue('statuses.edited', { statusId: id });
    // The first link may have changed, or a content warning or media been added.
    ctx.jobs.enqueue('statuses.card', { statusId: id });
  }
  return (await findStatus(ctx.db, id))!;
}
