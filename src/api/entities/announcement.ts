import type { LoadedAnnouncements } from '../../domain/announcements/announcement-loader.js';
import type { AnnouncementRow } from '../../domain/announcements/announcements.store.js';
import { emojisOf, serializeCustomEmoji } from './custom-emoji.js';
import type { EntityContext } from './entity-context.js';

function parseList<T>(json: string): T[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function serializeOne(ctx: EntityContext, r: AnnouncementRow, loaded: LoadedAnnouncements) {
  const base = ctx.config.publicUrl;
  const mentions = parseList<{ id: string; username: string }>(r.mentions).map((m) => ({
    id: m.id,
    username: m.username,
    url: `${base}/@${m.username}`,
    acct: m.username,
  }));
  const tags = parseList<string>(r.tags).map((name) => ({ name, url: `${base}/tags/${encodeURIComponent(name)}` }));
  return {
    id: r.id,
    content: r.content,
    starts_at: r.starts_at,
    ends_at: r.ends_at,
    all_day: r.all_day === 1,
    published_at: r.published_at ?? r.created_at,
    updated_at: r.updated_at,
    ...(loaded.read ? { read: loaded.read.has(r.id) } : {}),
    mentions,
    statuses: [],
    tags,
    emojis: emojisOf(ctx, loaded.emojis, r.text),
    reactions: (loaded.reactions.get(r.id) ?? []).map((x) => {
      const custom = loaded.emojis.get(x.name);
      // Mastodon's Reaction: a custom emoji's carries its image.
      const image = custom ? serializeCustomEmoji(ctx, custom) : null;
      return {
        name: x.name,
        count: x.count,
        me: loaded.mine.has(`${r.id}:${x.name}`),
        ...(image ? { url: image.url, static_url: image.static_url } : {}),
      };
    }),
  };
}

/** Mastodon's Announcement: https://docs.joinmastodon.org/entities/Announcement/ */
export function serializeAnnouncements(ctx: EntityContext, loaded: LoadedAnnouncements) {
  return loaded.rows.map((r) => serializeOne(ctx, r, loaded));
}

/** What the admin routes answer: the entity with the source text and whether it is published. */
export function serializeAdminAnnouncements(ctx: EntityContext, loaded: LoadedAnnouncements) {
  return loaded.rows.map((r) => ({ ...serializeOne(ctx, r, loaded), text: r.text, published: r.published_at !== null, created_at: r.created_at }));
}
