import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { LruMap } from '../../infra/memo.js';
import { appsOf, mediaOf, mentionsOf, tagsOf } from './status-view.store.js';
import type { StatusRow } from './statuses.store.js';

/** A media attachment as a post shows it, its `meta` parsed once. */
export interface MediaPart {
  id: string;
  type: string;
  file_path: string | null;
  preview_path: string | null;
  meta: unknown;
  description: string | null;
  blurhash: string | null;
  /** A remote post's attachment: the file on its own server (not fetched here). */
  remote_url?: string | null;
}

/** The parts of a post that depend neither on the viewer nor on counters, and change only when it is edited. */
export interface StatusParts {
  /** domain and url: another server's account (its handle is username@domain, its page its own). */
  mentions: Array<{ id: string; username: string; domain: string | null; url: string | null }>;
  /** Tag names, as written. */
  tags: string[];
  media: MediaPart[];
  application: { name: string; website: string | null } | null;
}

export type StatusPartsCache = LruMap<string, StatusParts>;

// Mentions, tags, media and application are written with the post and rewritten only by an edit, which moves
// edited_at: kept per process by id and edited_at, least recently used dropped first. Visibility, moderation
// state and counters are never cached: they are read with the rows on every request (so a deleted or hidden post
// is never served from here, in one process or many).
export function createStatusPartsCache(): StatusPartsCache {
  return new LruMap(20_000);
}

const partsKey = (s: StatusRow) => `${s.id}|${s.edited_at ?? ''}`;

export function toMediaPart(m: Omit<MediaPart, 'meta'> & { meta: string | null }): MediaPart {
  let meta: unknown = null;
  try {
    meta = m.meta ? JSON.parse(m.meta) : null;
  } catch {
    meta = null;
  }
  const part: MediaPart = {
    id: m.id,
    type: m.type,
    file_path: m.file_path,
    preview_path: m.preview_path,
    meta,
    description: m.description,
    blurhash: m.blurhash,
  };
  if (m.remote_url) part.remote_url = m.remote_url;
  return part;
}

function groupByStatus<T extends { status_id: string | null }>(list: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of list) {
    if (!x.status_id) continue;
    const arr = m.get(x.status_id) ?? [];
    arr.push(x);
    m.set(x.status_id, arr);
  }
  return m;
}

/** The parts of these posts: from the cache, and the posts not in it read in four queries at most. */
export async function loadStatusParts(db: Kysely<DB>, cache: StatusPartsCache, rows: StatusRow[]): Promise<Map<string, StatusParts>> {
  const parts = new Map<string, StatusParts>();
  const missing: StatusRow[] = [];
  for (const s of rows) {
    const hit = cache.get(partsKey(s));
    if (hit) parts.set(s.id, hit);
    else missing.push(s);
  }
  if (missing.length === 0) return parts;
  const missingIds = missing.map((s) => s.id);
  const [mentions, tags, media, apps] = await Promise.all([
    mentionsOf(db, missingIds),
    tagsOf(db, missingIds),
    mediaOf(db, missingIds),
    appsOf(
      db,
      missing.map((s) => s.application_id).filter((x): x is string => !!x),
    ),
  ]);
  const mentionsBy = groupByStatus(mentions);
  const tagsBy = groupByStatus(tags);
  const mediaBy = groupByStatus(media);
  const appsBy = new Map(apps.map((a) => [a.id, a]));
  for (const s of missing) {
    const app = s.application_id ? appsBy.get(s.application_id) : undefined;
    const p: StatusParts = {
      mentions: (mentionsBy.get(s.id) ?? []).map((m) => ({ id: m.id, username: m.username, domain: m.domain, url: m.url })),
      tags: (tagsBy.get(s.id) ?? []).map((t) => t.name),
      media: (mediaBy.get(s.id) ?? []).map(toMediaPart),
      application: app ? { name: app.name, website: app.website } : null,
    };
    parts.set(s.id, p);
    cache.set(partsKey(s), p);
  }
  return parts;
}
