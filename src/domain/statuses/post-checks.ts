import { ValidationError } from '../../errors.js';
import { MAX_MEDIA_ATTACHMENTS } from '../instance/instance.service.js';
import { renderPost } from '../text/render.js';
import { countPostChars, extractLocalMentions, extractRemoteMentions, extractTags, tokenize } from '../text/tokenize.js';
import type { StatusesDeps } from './deps.js';
import { findLocalAccountsByUsernames, findMediaForAttach } from './status-content.store.js';

// What a new post and an edit check alike: the text (length, mentions, tags, rendering) and the media.

export interface PreparedText {
  content: string;
  mentionIds: string[];
  tags: Array<{ name: string; display: string }>;
}

/** Unknown remote handles looked up per post: each may take a WebFinger and an actor fetch. */
const MAX_RESOLVED_MENTIONS = 10;

export async function prepareText(ctx: StatusesDeps, text: string, spoilerText: string, hasMedia: boolean, allowEmpty: boolean): Promise<PreparedText> {
  if (text.trim() === '' && !hasMedia && !allowEmpty) throw new ValidationError("Validation failed: status can't be blank", 'status');
  const length = countPostChars(text) + [...spoilerText].length;
  if (length > ctx.config.maxPostChars)
    throw new ValidationError(`Validation failed: status is too long (maximum is ${ctx.config.maxPostChars} characters)`, 'status');
  const tokens = tokenize(text);
  const remote = extractRemoteMentions(tokens, ctx.config.domain);
  const handles = [...extractLocalMentions(tokens, ctx.config.domain), ...remote.map((m) => `${m.username}@${m.domain}`.toLowerCase())];
  let found = await findLocalAccountsByUsernames(ctx.db, handles);
  // Another server's account not stored yet is looked up (WebFinger, then its actor), as search with resolve does.
  const unknown = remote.filter((m) => !found.some((a) => a.username_lower === `${m.username}@${m.domain}`.toLowerCase()));
  if (unknown.length > 0 && ctx.federation) {
    for (const m of unknown.slice(0, MAX_RESOLVED_MENTIONS)) await ctx.federation.resolveAccount(m.username, m.domain);
    found = await findLocalAccountsByUsernames(ctx.db, handles);
  }
  const accounts = new Map(found.map((a) => [a.username_lower, { username: a.username, url: a.uri ? (a.url ?? a.uri) : null }]));
  const content = renderPost(tokens, { publicUrl: ctx.config.publicUrl, localDomain: ctx.config.domain, accounts });
  return { content, mentionIds: found.map((a) => a.id), tags: extractTags(tokens) };
}

/** An upload checked before the post's transaction was deleted, swept or posted elsewhere before it was attached. */
export const mediaGone = () =>
  new ValidationError('Validation failed: media_ids names an upload that is no longer one of your unattached uploads', 'media_ids');

export async function checkMedia(ctx: StatusesDeps, accountId: string, mediaIds: string[], statusId: string | null): Promise<string[]> {
  const ids = [...new Set(mediaIds)];
  if (ids.length > MAX_MEDIA_ATTACHMENTS)
    throw new ValidationError(`Validation failed: media_ids can hold at most ${MAX_MEDIA_ATTACHMENTS} attachments`, 'media_ids');
  if (ids.length === 0) return [];
  const rows = await findMediaForAttach(ctx.db, ids);
  for (const id of ids) {
    const m = rows.find((r) => r.id === id);
    // In another post, or kept for another post's history.
    const post = m ? (m.status_id ?? m.edited_out_of ?? m.scheduled_status_id) : null;
    if (!m || m.account_id !== accountId || (post !== null && post !== statusId))
      throw new ValidationError(`Validation failed: media_ids ${id} is not one of your unattached uploads`, 'media_ids');
    // Mastodon's words for an upload still processing (or failed): https://docs.joinmastodon.org/methods/statuses/
    if (m.state !== 'ready') throw new ValidationError('Cannot attach files that have not finished processing. Try again in a moment!', 'media_ids');
  }
  return ids;
}
