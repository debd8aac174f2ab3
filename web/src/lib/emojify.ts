import type { CustomEmojiEntity } from './entities';
// Custom emojis as images: `:shortcode:` in sanitised HTML from the API becomes an <img> when the entity's `emojis`
// names it (https://docs.joinmastodon.org/entities/CustomEmoji/). Only text between tags is touched.

/** Mastodon's CustomEmoji, as the server declares it. */
export type CustomEmoji = Pick<CustomEmojiEntity, 'shortcode' | 'url' | 'static_url'> & Partial<CustomEmojiEntity>;

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** An <img> for one custom emoji, its shortcode as the text alternative. */
export function emojiImg(e: CustomEmoji): string {
  const code = `:${e.shortcode}:`;
  return `<img class="custom-emoji" src="${attr(e.url)}" alt="${code}" title="${code}" draggable="false">`;
}

export function emojifyHtml(html: string, emojis: readonly CustomEmoji[] | undefined): string {
  if (!emojis || emojis.length === 0) return html;
  const by = new Map(emojis.map((e) => [e.shortcode, e]));
  return html
    .split(/(<[^>]*>)/)
    .map((part) => (part.startsWith('<') ? part : part.replace(/:([a-zA-Z0-9_]{2,30}):/g, (m, code: string) => (by.has(code) ? emojiImg(by.get(code)!) : m))))
    .join('');
}
