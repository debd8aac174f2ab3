import type { Infra } from '../../infra/infra.js';
import type { AccountRow } from '../accounts/accounts.store.js';
import { findAccountsByIds } from '../accounts/accounts.store.js';
import type { ScheduledPost } from './scheduled.service.js';
import { type MediaPart, toMediaPart } from './status-parts.js';
import { mediaOfIds } from './status-view.store.js';
import { listEdits, mediaIdsOf, type StatusRow } from './statuses.store.js';

// Media named by id rather than attached to a post: the versions of an edited post, and scheduled posts.

/** One version of a post, oldest first (Mastodon's StatusEdit). */
export interface StatusVersion {
  content: string;
  spoiler_text: string;
  sensitive: number;
  created_at: string;
  media: MediaPart[];
}

export interface StatusHistory {
  author: AccountRow | undefined;
  versions: StatusVersion[];
}

function parseIds(json: string | null): string[] {
  try {
    const v = json ? JSON.parse(json) : [];
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** A post's versions with their media and its author; a post never edited has one version, as it is. */
export async function loadStatusHistory(ctx: Pick<Infra, 'db'>, status: StatusRow): Promise<StatusHistory> {
  const edits = await listEdits(ctx.db, status.id);
  // Never edited: its one version carries the media it has now.
  const stored = edits.length > 0 ? edits : [{ ...status, media_ids: JSON.stringify(await mediaIdsOf(ctx.db, status.id)) }];
  const mediaIds = stored.map((v) => parseIds(v.media_ids));
  const [authors, media] = await Promise.all([findAccountsByIds(ctx.db, [status.account_id]), mediaOfIds(ctx.db, mediaIds.flat())]);
  const byId = new Map(media.map((m) => [m.id, toMediaPart(m)]));
  return {
    author: authors[0],
    versions: stored.map((v, i) => ({
      content: v.content,
      spoiler_text: v.spoiler_text,
      sensitive: v.sensitive,
      created_at: v.created_at,
      media: mediaIds[i]!.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    })),
  };
}

/** Scheduled posts with their media, in order; only the author's own uploads are shown. */
export async function loadScheduledMedia(ctx: Pick<Infra, 'db'>, posts: ScheduledPost[]): Promise<Array<{ post: ScheduledPost; media: MediaPart[] }>> {
  const rows = new Map(
    (
      await mediaOfIds(
        ctx.db,
        posts.flatMap((s) => s.params.mediaIds ?? []),
      )
    ).map((m) => [m.id, m]),
  );
  return posts.map((post) => ({
    post,
    media: (post.params.mediaIds ?? []).flatMap((id) => {
      const m = rows.get(id);
      return m && m.account_id === post.accountId ? [toMediaPart(m)] : [];
    }),
  }));
}
