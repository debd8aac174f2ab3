import { inTransaction } from '../../db/transaction.js';
import { changed } from '../../infra/versions.js';
import { recordScreening, type ScreeningInput, screenPost } from '../../moderation/screening.js';
import { sanitizePostHtml } from '../text/render.js';
import { nowIso } from '../time.js';
import type { StatusesDeps } from './deps.js';
import { textOfHtml } from './remote-posting.js';
import { countEdits, insertEdit, mediaIdsOf, replaceMentions, replaceStatusTags, upsertTags } from './status-content.store.js';
import { lockStatus, type StatusRow, updateStatusFields } from './statuses.store.js';

/** A remote post's new version, as its author's server sent it in Update(Note). */
export interface RemoteEditInput {
  html: string;
  spoilerText: string;
  sensitive: boolean;
  language: string | null;
  mentionIds: string[];
  tags: Array<{ name: string; display: string }>;
  editedAt: string;
}

/**
 * Replaces a remote post's content with its edited version, screened again like a local edit and kept in its
 * history. An edit the classifier would refuse cannot be refused after the fact: it is held for review (the post
 * leaves every feed) as a held local edit is. Those who echoed it hear of a published edit (`update`).
 */
export async function updateRemoteStatus(ctx: StatusesDeps, row: StatusRow, input: RemoteEditInput): Promise<'published' | 'pending'> {
  const text = textOfHtml(input.html);
  const screening: ScreeningInput = { accountId: row.account_id, text, spoilerText: input.spoilerText, mediaDescriptions: [], statusId: row.id };
  const screened = await screenPost(ctx, screening);
  const verdict = screened.outcome === 'refused' ? { ...screened, outcome: 'pending' as const } : screened;
  const state = verdict.outcome === 'pending' ? 'pending' : row.state;
  const now = nowIso();
  const content = sanitizePostHtml(input.html);
  const mediaIds = await mediaIdsOf(ctx.db, row.id);
  await inTransaction(ctx.db, async (trx) => {
    if (!(await lockStatus(trx, row.id))) return;
    if ((await countEdits(trx, row.id)) === 0) {
      await insertEdit(trx, {
        id: ctx.ids.next(),
        statusId: row.id,
        text: row.text,
        content: row.content,
        spoilerText: row.spoiler_text,
        sensitive: row.sensitive === 1,
        mediaIds,
        createdAt: row.created_at,
      });
    }
    const sensitive = input.sensitive || input.spoilerText !== '';
    await insertEdit(trx, {
      id: ctx.ids.next(),
      statusId: row.id,
      text,
      content,
      spoilerText: input.spoilerText,
      sensitive,
      mediaIds,
      createdAt: input.editedAt,
    });
    await updateStatusFields(trx, row.id, {
      text,
      content,
      spoiler_text: input.spoilerText,
      sensitive: sensitive ? 1 : 0,
      language: input.language ?? row.language,
      edited_at: input.editedAt,
      state,
    });
    await replaceMentions(trx, row.id, [...new Set(input.mentionIds)]);
    const tagIds = await upsertTags(trx, input.tags, () => ctx.ids.next(), now);
    await replaceStatusTags(trx, row.id, row.account_id, [...tagIds.values()], row.created_at);
    // A held edit also leaves the feeds the post had reached, in this same transaction.
    await recordScreening(ctx.ids, trx, { statusId: row.id, accountId: row.account_id, edit: true, now }, verdict);
  });
  await changed(ctx, { statuses: [row.id] });
  if (verdict.outcome === 'pending') await ctx.events.publish('deletes', { event: 'delete', subject: row.id });
  if (state === 'published') ctx.jobs.enqueue('statuses.edited', { statusId: row.id });
  return state === 'published' ? 'published' : 'pending';
}
