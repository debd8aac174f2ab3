import type { MediaFilesDeps } from './deps.js';
import { deleteMediaRows, filesOfRows, unattachedBefore } from './media.store.js';
import { releaseFiles } from './media-files.js';

/** Uploads never posted are deleted after a day, as Mastodon does. */
export const UNATTACHED_TTL_MS = 24 * 60 * 60 * 1000;
const BATCH = 200;

/** Deletes uploads older than a day that no post uses, and their files no other attachment names. Returns how many. */
export async function sweepUnattachedMedia(ctx: MediaFilesDeps, now = Date.now()): Promise<number> {
  const before = new Date(now - UNATTACHED_TTL_MS).toISOString();
  let total = 0;
  for (;;) {
    const rows = await unattachedBefore(ctx.db, before, BATCH);
    if (rows.length === 0) break;
    await deleteMediaRows(
      ctx.db,
      rows.map((r) => r.id),
    );
    await releaseFiles(ctx, filesOfRows(rows));
    total += rows.length;
    if (rows.length < BATCH) break;
  }
  return total;
}
