import type { Infra } from '../../infra/infra.js';
import { type EmojiMap, emojisNamedIn } from '../custom-emojis/emoji-loader.js';
import { type AnnouncementRow, type ReactionCount, reactionCounts, reactionsOf, readAmong } from './announcements.store.js';

/**
 * What the Announcement entities of a list need, in three statements whatever its length, and one more for the
 * custom emojis when a text or a reaction names one.
 */
export interface LoadedAnnouncements {
  rows: AnnouncementRow[];
  /** Dismissed by the viewer; null without a viewer (stream payloads, as Mastodon renders them for nobody). */
  read: Set<string> | null;
  reactions: Map<string, ReactionCount[]>;
  /** `${announcementId}:${name}` of the viewer's own reactions. */
  mine: Set<string>;
  /** The custom emojis the texts and the reactions name, by shortcode. */
  emojis: EmojiMap;
}

export async function loadAnnouncements(ctx: Pick<Infra, 'db'>, rows: AnnouncementRow[], viewerId: string | null): Promise<LoadedAnnouncements> {
  const ids = rows.map((r) => r.id);
  const [counts, read, mine] = await Promise.all([
    reactionCounts(ctx.db, ids),
    viewerId ? readAmong(ctx.db, viewerId, ids) : Promise.resolve(null),
    viewerId ? reactionsOf(ctx.db, viewerId, ids) : Promise.resolve(new Set<string>()),
  ]);
  const reactions = new Map<string, ReactionCount[]>();
  for (const c of counts) reactions.set(c.announcement_id, [...(reactions.get(c.announcement_id) ?? []), c]);
  const emojis = await emojisNamedIn(ctx.db, [...rows.map((r) => r.text), ...counts.map((c) => `:${c.name}:`)]);
  return { rows, read, reactions, mine, emojis };
}
