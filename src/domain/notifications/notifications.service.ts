import { isId } from '../../db/ids.js';
import type { Page } from '../../db/pagination.js';
import { NotFoundError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import { nowIso } from '../time.js';
import { matchGroupKey, notificationGroupKey } from './group-key.js';
import {
  deleteAllNotifications,
  deleteNotifications,
  findNotification,
  findNotificationsMarker,
  listNotificationIdsAfter,
  listNotifications,
  type NotificationFilter,
  type NotificationRow,
} from './notifications.store.js';

export type NotificationsDeps = Pick<Infra, 'db'>;

// Reading someone's notifications. Every function takes the reader's own account id: nobody reaches another's.

export async function listNotificationsFor(ctx: NotificationsDeps, accountId: string, filter: NotificationFilter, page: Page): Promise<NotificationRow[]> {
  return listNotifications(ctx.db, accountId, filter, page, nowIso());
}

export async function getNotificationFor(ctx: NotificationsDeps, accountId: string, id: string): Promise<NotificationRow> {
  const row = await findNotification(ctx.db, accountId, id, nowIso());
  if (!row) throw new NotFoundError();
  return row;
}

export async function clearNotifications(ctx: NotificationsDeps, accountId: string): Promise<void> {
  await deleteAllNotifications(ctx.db, accountId);
}

export async function dismissNotification(ctx: NotificationsDeps, accountId: string, id: string): Promise<void> {
  const gone = await deleteNotifications(ctx.db, accountId, [id]);
  if (gone === 0) throw new NotFoundError();
}

/** The group a notification belongs to, given the types the client lets group (all groupable ones by default). */
export function groupKeyFor(n: NotificationRow, groupedTypes?: ReadonlySet<string>): string {
  return groupedTypes && !groupedTypes.has(n.type) ? `ungrouped-${n.id}` : notificationGroupKey(n);
}

const GROUP_BATCH = 200;
const GROUP_PAGE_MAX_ROWS = 2000;

/**
 * A page of grouped notifications, as Mastodon 4.3 pages them: `limit` counts groups, not notifications,
 * so notifications are read in batches until that many groups are seen (bounded). The rows come back
 * newest first; a group cut at the page's end continues on the next page under the same key.
 */
export async function listNotificationsForGroups(
  ctx: NotificationsDeps,
  accountId: string,
  filter: NotificationFilter,
  page: Page,
  groupedTypes?: ReadonlySet<string>,
): Promise<NotificationRow[]> {
  const now = nowIso();
  // Polling for newer ones (min_id): one batch is enough.
  if (page.min_id) return listNotifications(ctx.db, accountId, filter, { ...page, limit: Math.min(page.limit * 5, GROUP_BATCH) }, now);
  const rows: NotificationRow[] = [];
  const keys = new Set<string>();
  let maxId = page.max_id;
  for (;;) {
    const batch = await listNotifications(ctx.db, accountId, filter, { max_id: maxId, since_id: page.since_id, limit: GROUP_BATCH }, now);
    for (const r of batch) {
      const key = groupKeyFor(r, groupedTypes);
      if (!keys.has(key)) {
        if (keys.size >= page.limit) return rows;
        keys.add(key);
      }
      rows.push(r);
    }
    if (batch.length < GROUP_BATCH || rows.length >= GROUP_PAGE_MAX_ROWS) return rows;
    maxId = batch[batch.length - 1]!.id;
  }
}

/** Notifications newer than the reader's notifications marker, capped at `limit` (Mastodon 4.3's unread_count). */
export async function countUnreadNotifications(ctx: NotificationsDeps, accountId: string, filter: NotificationFilter, limit: number): Promise<number> {
  const marker = await findNotificationsMarker(ctx.db, accountId);
  const ids = await listNotificationIdsAfter(ctx.db, accountId, filter, marker, limit, nowIso());
  return ids.length;
}

/** Unread groups (v2): distinct group keys among the notifications newer than the marker. */
export async function countUnreadNotificationGroups(ctx: NotificationsDeps, accountId: string, filter: NotificationFilter, limit: number): Promise<number> {
  const marker = await findNotificationsMarker(ctx.db, accountId);
  const page = await listNotifications(ctx.db, accountId, filter, { limit: Math.min(limit * 10, 5000), since_id: marker ?? undefined }, nowIso());
  const keys = new Set(page.map((n) => notificationGroupKey(n)));
  return Math.min(keys.size, limit);
}

/** Dismisses every notification of one group (v2: POST /api/v2/notifications/:group_key/dismiss). */
export async function dismissNotificationGroup(ctx: NotificationsDeps, accountId: string, groupKey: string): Promise<void> {
  const ids = await notificationIdsInGroup(ctx, accountId, groupKey);
  if (ids.length === 0) throw new NotFoundError();
  await deleteNotifications(ctx.db, accountId, ids);
}

/** The notifications of one group, newest first (a group spans at most one hour-long window, or one notification). */
export async function listNotificationGroup(ctx: NotificationsDeps, accountId: string, groupKey: string): Promise<NotificationRow[]> {
  const m = /^ungrouped-([0-9]{1,19})$/.exec(groupKey);
  if (m) {
    if (!isId(m[1])) return [];
    const row = await findNotification(ctx.db, accountId, m[1]!, nowIso());
    return row ? [row] : [];
  }
  const parts = matchGroupKey(groupKey);
  if (!parts) return [];
  const type = parts[1]!;
  const bucket = Number(parts[parts.length - 1]);
  // A key names no group beyond the ids and hours that can exist.
  if ((parts.length === 4 && !isId(parts[2])) || bucket > MAX_HOUR_BUCKET) return [];
  const filter: NotificationFilter = {
    types: [type],
    statusId: parts.length === 4 ? parts[2] : undefined,
    createdFrom: new Date(bucket * 3_600_000).toISOString(),
    createdBefore: new Date((bucket + 1) * 3_600_000).toISOString(),
  };
  const rows = await listNotifications(ctx.db, accountId, filter, { limit: 1000 }, nowIso());
  return rows.filter((r) => notificationGroupKey(r) === groupKey);
}

// The last hour a Date can hold (8.64e15 ms).
const MAX_HOUR_BUCKET = 2_400_000_000;

async function notificationIdsInGroup(ctx: NotificationsDeps, accountId: string, groupKey: string): Promise<string[]> {
  return (await listNotificationGroup(ctx, accountId, groupKey)).map((r) => r.id);
}
