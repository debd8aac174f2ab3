import type { StatusHistory } from '../../domain/statuses/status-media.js';
import type { StatusRow } from '../../domain/statuses/statuses.store.js';
import { serializeAccount } from './account.js';
import { emojisOf } from './custom-emoji.js';
import type { EntityContext } from './entity-context.js';
import { serializeMedia } from './media.js';

/** Mastodon's StatusEdit (https://docs.joinmastodon.org/entities/StatusEdit/): oldest version first. */
export function serializeStatusEdits(ctx: EntityContext, history: StatusHistory) {
  const account = history.author ? serializeAccount(ctx, history.author, history.emojis) : undefined;
  return history.versions.map((v) => ({
    content: v.content,
    spoiler_text: v.spoiler_text,
    sensitive: v.sensitive === 1,
    created_at: v.created_at,
    account,
    poll: null,
    media_attachments: v.media.map((m) => serializeMedia(ctx, m)),
    emojis: emojisOf(ctx, history.emojis, v.spoiler_text, v.content),
  }));
}

/** Mastodon's StatusSource: the text as typed, for editing. */
export function serializeStatusSource(status: StatusRow) {
  return { id: status.id, text: status.text, spoiler_text: status.spoiler_text };
}
