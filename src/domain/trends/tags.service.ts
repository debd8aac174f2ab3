import type { Kysely } from 'kysely';
import { idAtTime } from '../../db/ids.js';
import { fetchPage, type Page } from '../../db/pagination.js';
import type { DB } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { normalizeTag } from '../text/tokenize.js';
import { nowIso } from '../time.js';
import {
  findTagByName,
  followedTagIds,
  followedTagsQuery,
  followTag,
  insertTag,
  tagDailyUses,
  trendingStatusIds,
  trendingTags,
  unfollowTag,
} from './tags.store.js';

const DAY = 86_400_000;
const TAG_NAME = /^[\p{L}\p{N}_\p{M}]{1,100}$/u;

export interface TagView {
  id: string | null;
  name: string;
  history: Array<{ day: string; uses: string; accounts: string }>;
  following: boolean | undefined;
}

/** Mastodon's Tag history: the last seven UTC days, newest first, counts as strings. */
export async function tagViews(ctx: Pick<Infra, 'db'>, tags: Array<{ id: string | null; name: string }>, viewerId: string | null): Promise<TagView[]> {
  const today = new Date(new Date().toISOString().slice(0, 10)).getTime();
  const since = new Date(today - 6 * DAY).toISOString();
  const ids = tags.flatMap((t) => (t.id ? [t.id] : []));
  const [uses, followed] = await Promise.all([tagDailyUses(ctx.db, ids, since), viewerId ? followedTagIds(ctx.db, viewerId, ids) : Promise.resolve(null)]);
  const byKey = new Map(uses.map((u) => [`${u.tag_id}:${u.day}`, u]));
  return tags.map((t) => ({
    id: t.id,
    name: t.name,
    history: Array.from({ length: 7 }, (_, i) => {
      const d = today - i * DAY;
      const u = t.id ? byKey.get(`${t.id}:${new Date(d).toISOString().slice(0, 10)}`) : undefined;
      return { day: String(d / 1000), uses: String(u?.uses ?? 0), accounts: String(u?.accounts ?? 0) };
    }),
    following: followed ? !!t.id && followed.has(t.id) : undefined,
  }));
}

/** The normalised name of the hashtag `raw` (with or without its #), or null when it is not one. */
export function hashtagName(raw: string): string | null {
  const name = normalizeTag(raw.trim().replace(/^#/, ''));
  return TAG_NAME.test(name) ? name : null;
}

/** The hashtag `name` (written `raw`), created when new; two requests at once create it once. */
export async function ensureTag(db: Kysely<DB>, newId: () => string, raw: string, name: string): Promise<{ id: string }> {
  const found = await findTagByName(db, name);
  if (found) return found;
  await insertTag(db, { id: newId(), name, display: raw.trim().replace(/^#/, ''), now: nowIso() });
  return (await findTagByName(db, name))!;
}

function validName(raw: string): string {
  const name = hashtagName(raw);
  if (!name) throw new NotFoundError();
  return name;
}

/** A hashtag by name; an unused but valid name is shown with empty history, as Mastodon does. */
export async function getTag(ctx: Pick<Infra, 'db' | 'ids'>, raw: string, viewerId: string | null): Promise<TagView> {
  const name = validName(raw);
  const tag = await findTagByName(ctx.db, name);
  return (await tagViews(ctx, [{ id: tag?.id ?? null, name }], viewerId))[0]!;
}

export async function setTagFollow(ctx: Pick<Infra, 'db' | 'ids'>, viewerId: string, raw: string, follow: boolean): Promise<TagView> {
  const name = validName(raw);
  const tag = follow ? await ensureTag(ctx.db, () => ctx.ids.next(), raw, name) : await findTagByName(ctx.db, name);
  if (tag) {
    if (follow) await followTag(ctx.db, viewerId, tag.id, nowIso());
    else await unfollowTag(ctx.db, viewerId, tag.id);
  }
  return (await tagViews(ctx, [{ id: tag?.id ?? null, name }], viewerId))[0]!;
}

export async function trendingTagViews(ctx: Pick<Infra, 'db' | 'readDb'>, viewerId: string | null, limit: number, offset: number): Promise<TagView[]> {
  const rows = await trendingTags(ctx.readDb, new Date(Date.now() - DAY).toISOString(), limit, offset);
  return tagViews(
    ctx,
    rows.map((r) => ({ id: r.id, name: r.name })),
    viewerId,
  );
}

export async function trendingStatuses(ctx: Pick<Infra, 'db' | 'readDb'>, limit: number, offset: number): Promise<string[]> {
  return trendingStatusIds(ctx.readDb, idAtTime(Date.now() - DAY), limit, offset);
}

/** The tags a person follows, as pages keyed on the follow (newest first), with their views. */
export async function followedTags(ctx: Pick<Infra, 'db' | 'ids'>, viewerId: string, page: Page): Promise<{ pageIds: string[]; views: TagView[] }> {
  const rows = await fetchPage(followedTagsQuery(ctx.db, viewerId), 't.id', page);
  const views = await tagViews(
    ctx,
    rows.map((r) => ({ id: r.id, name: r.name })),
    viewerId,
  );
  return { pageIds: rows.map((r) => r.page_id), views };
}
