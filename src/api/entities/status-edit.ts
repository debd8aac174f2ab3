import type { Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { StatusEditsTable } from '../../db/schema.js';
import { mediaOfIds } from '../../domain/statuses/status-view.store.js';
import type { StatusRow } from '../../domain/statuses/statuses.store.js';
import { loadAccounts } from './account.js';
import { serializeMedia } from './status.js';

/** Mastodon's StatusEdit (https://docs.joinmastodon.org/entities/StatusEdit/): oldest version first. */
export async function serializeStatusEdits(ctx: AppContext, status: StatusRow, edits: Array<Selectable<StatusEditsTable>>) {
  const account = (await loadAccounts(ctx, [status.account_id])).get(status.account_id);
  const versions =
    edits.length > 0
      ? edits
      : [
          {
            id: status.id,
            status_id: status.id,
            text: status.text,
            content: status.content,
            spoiler_text: status.spoiler_text,
            sensitive: status.sensitive,
            media_ids: null,
            created_at: status.created_at,
          },
        ];
  const parseIds = (json: string | null): string[] => {
    try {
      const v = json ? JSON.parse(json) : [];
      return Array.isArray(v) ? v.map(String) : [];
    } catch {
      return [];
    }
  };
  const allIds = versions.flatMap((v) => parseIds(v.media_ids));
  const media = new Map((await mediaOfIds(ctx.db, allIds)).map((m) => [m.id, serializeMedia(ctx, m)]));
  return versions.map((v) => ({
    content: v.content,
    spoiler_text: v.spoiler_text,
    sensitive: v.sensitive === 1,
    created_at: v.created_at,
    account,
    poll: null,
    media_attachments: parseIds(v.media_ids).flatMap((id) => (media.has(id) ? [media.get(id)!] : [])),
    emojis: [],
  }));
}

/** Mastodon's StatusSource: the text as typed, for editing. */
export function serializeStatusSource(status: StatusRow) {
  return { id: status.id, text: status.text, spoiler_text: status.spoiler_text };
}
