import type { AppContext } from '../../context.js';
import { loadAnnouncements } from '../../domain/announcements/announcement-loader.js';
import { ANNOUNCEMENTS_CHANNEL, type AnnouncementRow, isShowing } from '../../domain/announcements/announcements.service.js';
import { nowIso } from '../../domain/time.js';
import { serializeAdminAnnouncements, serializeAnnouncements } from '../entities/announcement.js';

export async function renderAnnouncements(ctx: AppContext, rows: AnnouncementRow[], viewerId: string) {
  return serializeAnnouncements(ctx, await loadAnnouncements(ctx, rows, viewerId));
}

export async function renderAdminAnnouncements(ctx: AppContext, rows: AnnouncementRow[], viewerId: string | null) {
  return serializeAdminAnnouncements(ctx, await loadAnnouncements(ctx, rows, viewerId));
}

/**
 * Tells every open user stream of a published, running announcement (Mastodon's `announcement` event, rendered for
 * nobody: no `read`). Called after a create or an edit, by the admin routes and `tribune admin announce`.
 */
export async function streamAnnouncement(ctx: AppContext, row: AnnouncementRow): Promise<void> {
  if (!isShowing(row, nowIso())) return;
  const [entity] = serializeAnnouncements(ctx, await loadAnnouncements(ctx, [row], null));
  await ctx.events.publish(ANNOUNCEMENTS_CHANNEL, { event: 'announcement', subject: JSON.stringify(entity) });
}
