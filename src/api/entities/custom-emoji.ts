import type { CustomEmojiRow } from '../../domain/custom-emojis/custom-emojis.store.js';
import { shortcodesIn } from '../../domain/custom-emojis/shortcodes.js';
import type { EntityContext } from './entity-context.js';
import { mediaFileUrl } from './media.js';

/** Mastodon's CustomEmoji: https://docs.joinmastodon.org/entities/CustomEmoji/ */
export interface CustomEmojiEntity {
  shortcode: string;
  url: string;
  static_url: string;
  visible_in_picker: boolean;
  category: string | null;
}

export function serializeCustomEmoji(ctx: EntityContext, row: CustomEmojiRow): CustomEmojiEntity {
  return {
    shortcode: row.shortcode,
    url: mediaFileUrl(ctx, row.file_path),
    static_url: mediaFileUrl(ctx, row.static_path),
    visible_in_picker: row.visible_in_picker === 1,
    category: row.category,
  };
}

/** Tribune's admin view: the entity with its id and when it was added. */
export function serializeAdminCustomEmoji(ctx: EntityContext, row: CustomEmojiRow) {
  return { id: row.id, ...serializeCustomEmoji(ctx, row), created_at: row.created_at };
}

/** The emojis a text uses, among those loaded (`:shortcode:` in it), each once, in the order they first appear. */
export function emojisOf(
  ctx: EntityContext,
  emojis: ReadonlyMap<string, CustomEmojiRow> | undefined,
  ...texts: Array<string | null | undefined>
): CustomEmojiEntity[] {
  if (!emojis || emojis.size === 0) return [];
  const out: CustomEmojiEntity[] = [];
  const seen = new Set<string>();
  for (const code of shortcodesIn(texts)) {
    const row = emojis.get(code);
    if (row && !seen.has(code)) {
      seen.add(code);
      out.push(serializeCustomEmoji(ctx, row));
    }
  }
  return out;
}
