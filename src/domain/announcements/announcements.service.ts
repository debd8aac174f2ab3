import { NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { customEmojisByShortcode } from '../custom-emojis/custom-emojis.store.js';
import { SHORTCODE_PATTERN } from '../custom-emojis/shortcodes.js';
import { findLocalAccountsByUsernames } from '../statuses/status-content.store.js';
import { renderPost } from '../text/render.js';
import { extractLocalMentions, extractTags, tokenize } from '../text/tokenize.js';
import { nowIso } from '../time.js';
import {
  type AnnouncementRow,
  activeAnnouncements,
  addReaction,
  allAnnouncements,
  deleteAnnouncement as deleteRow,
  findAnnouncement,
  insertAnnouncement,
  markRead,
  reactionCounts,
  removeReaction,
  updateAnnouncement as updateRow,
} from './announcements.store.js';

// Announcements from the staff (https://docs.joinmastodon.org/methods/announcements/): written by admins through
// Tribune's admin routes or `tribune admin announce`, shown to every signed-in person until dismissed or ended.
// Stream events go to everyone's user stream on the `announcements` channel.

export const ANNOUNCEMENTS_CHANNEL = 'announcements';
export const MAX_ANNOUNCEMENT_CHARS = 5_000;
/** Distinct reactions one announcement can gather (Mastodon keeps the list short too). */
export const MAX_REACTION_NAMES = 8;
// One Unicode emoji, or the shortcode of a custom emoji. Built at run time: the `v` flag is newer than the compile target.
// biome-ignore lint/complexity/useRegexLiterals: a literal with the `v` flag does not compile for ES2022.
const EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

export type { AnnouncementRow };

export interface AnnouncementInput {
  text?: string;
  startsAt?: string | null;
  endsAt?: string | null;
  allDay?: boolean;
  published?: boolean;
}

async function rendered(ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>, text: string) {
  if (text.trim() === '') throw new ValidationError("Validation failed: text can't be blank", 'text');
  if ([...text].length > MAX_ANNOUNCEMENT_CHARS)
    throw new ValidationError(`Validation failed: text is too long (maximum is ${MAX_ANNOUNCEMENT_CHARS} characters)`, 'text');
  const tokens = tokenize(text);
  const found = await findLocalAccountsByUsernames(ctx.db, extractLocalMentions(tokens, ctx.config.domain));
  const accounts = new Map(found.map((a) => [a.username_lower, { username: a.username }]));
  return {
    content: renderPost(tokens, { publicUrl: ctx.config.publicUrl, localDomain: ctx.config.domain, accounts }),
    mentions: JSON.stringify(found.map((a) => ({ id: a.id, username: a.username }))),
    tags: JSON.stringify(extractTags(tokens).map((t) => t.name)),
  };
}

function checkRange(startsAt: string | null, endsAt: string | null): void {
  if (startsAt && endsAt && endsAt <= startsAt) throw new ValidationError('Validation failed: ends_at must be after starts_at', 'ends_at');
}

/** A new announcement, published at once unless `published` is false. */
export async function createAnnouncement(
  ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>,
  actorId: string | null,
  input: AnnouncementInput & { text: string },
): Promise<AnnouncementRow> {
  const startsAt = input.startsAt ?? null;
  const endsAt = input.endsAt ?? null;
  checkRange(startsAt, endsAt);
  const now = nowIso();
  const row: AnnouncementRow = {
    id: ctx.ids.next(),
    text: input.text,
    ...(await rendered(ctx, input.text)),
    starts_at: startsAt,
    ends_at: endsAt,
    all_day: input.allDay ? 1 : 0,
    published_at: input.published === false ? null : now,
    created_by: actorId,
    created_at: now,
    updated_at: now,
  };
  await insertAnnouncement(ctx.db, row);
  return row;
}

/** Changes the fields given; `published` false withdraws it (an `announcement.delete` for clients), true publishes it. */
export async function updateAnnouncement(
  ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>,
  id: string,
  input: AnnouncementInput,
): Promise<{ before: AnnouncementRow; after: AnnouncementRow }> {
  const before = await getAnnouncement(ctx, id);
  const startsAt = input.startsAt !== undefined ? input.startsAt : before.starts_at;
  const endsAt = input.endsAt !== undefined ? input.endsAt : before.ends_at;
  checkRange(startsAt, endsAt);
  const now = nowIso();
  const publishedAt = input.published === undefined ? before.published_at : input.published ? (before.published_at ?? now) : null;
  const set = {
    ...(input.text !== undefined ? { text: input.text, ...(await rendered(ctx, input.text)) } : {}),
    starts_at: startsAt,
    ends_at: endsAt,
    all_day: input.allDay === undefined ? before.all_day : input.allDay ? 1 : 0,
    published_at: publishedAt,
    updated_at: now,
  };
  await updateRow(ctx.db, id, set);
  const after = { ...before, ...set };
  // Shown before and not now (unpublished, ended or moved into the future): open clients drop it.
  if (isShowing(before, now) && !isShowing(after, now)) await ctx.events.publish(ANNOUNCEMENTS_CHANNEL, { event: 'announcement.delete', subject: id });
  return { before, after };
}

export async function deleteAnnouncement(ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>, id: string): Promise<void> {
  const row = await getAnnouncement(ctx, id);
  await deleteRow(ctx.db, id);
  if (row.published_at) await ctx.events.publish(ANNOUNCEMENTS_CHANNEL, { event: 'announcement.delete', subject: id });
}

export async function getAnnouncement(ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>, id: string): Promise<AnnouncementRow> {
  const row = await findAnnouncement(ctx.db, id);
  if (!row) throw new NotFoundError();
  return row;
}

export async function listAllAnnouncements(ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>): Promise<AnnouncementRow[]> {
  return allAnnouncements(ctx.db, 200);
}

/** What a signed-in person sees: published, not ended, and not dismissed unless asked. */
export async function listActiveAnnouncements(
  ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>,
  viewerId: string,
  withDismissed: boolean,
): Promise<AnnouncementRow[]> {
  return activeAnnouncements(ctx.db, nowIso(), viewerId, withDismissed);
}

/** Whether people see the announcement at `now`: published, and not ended. */
export function isShowing(row: Pick<AnnouncementRow, 'published_at' | 'ends_at'>, now: string): boolean {
  return !!row.published_at && row.published_at <= now && !(row.ends_at && row.ends_at <= now);
}

/** One announcement the viewer can see now (published, not ended), else a 404. */
async function visibleAnnouncement(ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>, id: string): Promise<AnnouncementRow> {
  const row = await findAnnouncement(ctx.db, id);
  if (!row || !isShowing(row, nowIso())) throw new NotFoundError();
  return row;
}

export async function dismissAnnouncement(ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>, viewerId: string, id: string): Promise<void> {
  await visibleAnnouncement(ctx, id);
  await markRead(ctx.db, id, viewerId);
}

/**
 * A reaction's name as stored: one Unicode emoji, or a custom emoji's shortcode (Mastodon's, without colons; one
 * written `:blobcat:` is taken too). A custom emoji must exist to be added; one deleted since can still be removed.
 */
async function reactionName(ctx: Pick<Infra, 'db'>, raw: string, add: boolean): Promise<string> {
  if (EMOJI.test(raw)) return raw;
  const code = raw.replace(/^:(.*):$/, '$1');
  if (SHORTCODE_PATTERN.test(code) && (!add || (await customEmojisByShortcode(ctx.db, [code])).length > 0)) return code;
  throw new ValidationError('Validation failed: name is not a known emoji', 'name');
}

/** Adds or removes the viewer's reaction, then tells every stream the new count (Mastodon's `announcement.reaction`). */
export async function reactToAnnouncement(
  ctx: Pick<Infra, 'db' | 'ids' | 'config' | 'events'>,
  viewerId: string,
  id: string,
  requested: string,
  add: boolean,
): Promise<void> {
  await visibleAnnouncement(ctx, id);
  const name = await reactionName(ctx, requested, add);
  const count = await ctx.db.transaction().execute(async (trx) => {
    if (add) {
      const names = new Set((await reactionCounts(trx, [id])).map((r) => r.name));
      if (!names.has(name) && names.size >= MAX_REACTION_NAMES)
        throw new ValidationError(`Validation failed: an announcement can gather at most ${MAX_REACTION_NAMES} different reactions`, 'name');
      await addReaction(trx, { announcement_id: id, account_id: viewerId, name, created_at: nowIso() });
    } else await removeReaction(trx, id, viewerId, name);
    return (await reactionCounts(trx, [id])).find((r) => r.name === name)?.count ?? 0;
  });
  await ctx.events.publish(ANNOUNCEMENTS_CHANNEL, { event: 'announcement.reaction', subject: JSON.stringify({ name, count, announcement_id: id }) });
}
