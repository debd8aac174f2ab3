import type { AppContext } from '../context.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { deleteUnattachedMedia, filesOfRows, findMedia, type MediaRow, updateMediaFields } from './media.store.js';
import { releaseFiles } from './media-files.js';
import { parseFocus, parseMeta } from './media-meta.js';
import { checkDescription } from './upload.js';

/**
 * One of the viewer's uploads not yet posted (Mastodon answers 404 for anyone else's, and for an attachment already
 * in a post: https://docs.joinmastodon.org/methods/media/).
 */
export async function getOwnUnattachedMedia(ctx: AppContext, accountId: string, id: string): Promise<MediaRow> {
  const row = await findMedia(ctx.db, id);
  if (!row || row.account_id !== accountId || row.status_id !== null || row.edited_out_of !== null) throw new NotFoundError();
  return row;
}

/** PUT /api/v1/media/:id: the description (alt text) and focal point, also while it is processing. */
export async function updateMedia(ctx: AppContext, accountId: string, id: string, input: { description?: string; focus?: string }): Promise<MediaRow> {
  const row = await getOwnUnattachedMedia(ctx, accountId, id);
  const patch: { description?: string | null; meta?: string } = {};
  if (input.description !== undefined) patch.description = checkDescription(input.description);
  if (input.focus !== undefined) {
    const meta = parseMeta(row.meta);
    if (input.focus === '') delete meta.focus;
    else meta.focus = parseFocus(input.focus);
    patch.meta = JSON.stringify(meta);
  }
  if (Object.keys(patch).length > 0) await updateMediaFields(ctx.db, id, patch);
  return (await findMedia(ctx.db, id))!;
}

/** DELETE /api/v1/media/:id: an upload not in a post goes, with its files unless another attachment names them. */
export async function deleteMedia(ctx: AppContext, accountId: string, id: string): Promise<MediaRow> {
  const row = await findMedia(ctx.db, id);
  if (!row || row.account_id !== accountId) throw new NotFoundError();
  if (row.status_id !== null || row.edited_out_of !== null) throw new ValidationError('Validation failed: this attachment is in a post', 'id');
  if (row.scheduled_status_id !== null) throw new ValidationError('Validation failed: this attachment is in a scheduled post', 'id');
  if (!(await deleteUnattachedMedia(ctx.db, id))) throw new NotFoundError();
  await releaseFiles(ctx, filesOfRows([row]));
  return row;
}
