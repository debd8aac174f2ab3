import type { AppContext } from '../../context.js';
import { notificationGroupKey } from '../../domain/notifications/group-key.js';
import { findNotificationsByIds, findWarningFor, type NotificationRow } from '../../domain/notifications/notifications.store.js';
import { findReportForNotification } from '../../domain/notifications/report-notifications.store.js';
import { nowIso } from '../../domain/time.js';
import { type AccountEntity, loadAccounts } from './account.js';
import { type ReportEntity, serializeReport } from './report.js';
import { type StatusEntity, serializeStatusIds } from './status.js';

/** Mastodon's Notification entity: https://docs.joinmastodon.org/entities/Notification/ */
export interface NotificationEntity {
  id: string;
  type: string;
  created_at: string;
  group_key: string;
  account: AccountEntity;
  status?: StatusEntity;
  moderation_warning?: AccountWarningEntity;
  /** admin.report: the report, as Mastodon's Report entity. */
  report?: ReportEntity;
}

/** Mastodon's AccountWarning: https://docs.joinmastodon.org/entities/AccountWarning/ */
export interface AccountWarningEntity {
  id: string;
  action: string;
  text: string;
  status_ids: string[];
  target_account: AccountEntity;
  appeal: { text: string; state: string } | null;
  created_at: string;
}

// Tribune's moderation actions under Mastodon's AccountWarning action names.
const WARNING_ACTIONS: Record<string, string> = {
  warn: 'none',
  remove: 'delete_statuses',
  sensitive: 'mark_statuses_as_sensitive',
  limit: 'silence',
  suspend: 'suspend',
  disable: 'disable',
};

// Types about a post: without a post the reader may see, the notification is left out.
const STATUS_TYPES = new Set(['mention', 'status', 'reblog', 'favourite', 'poll', 'update', 'quote', 'quoted_update']);

export function isStatusType(type: string): boolean {
  return STATUS_TYPES.has(type);
}

/**
 * Serialises the recipient's notifications in order, leaving out those whose sender is gone or whose post
 * the recipient can no longer see (deleted, now private to them, blocked author).
 */
export async function serializeNotifications(ctx: AppContext, rows: NotificationRow[], viewerId: string): Promise<NotificationEntity[]> {
  if (rows.length === 0) return [];
  const statusIds = [...new Set(rows.map((r) => r.status_id).filter((x): x is string => !!x))];
  const [accounts, statuses] = await Promise.all([
    loadAccounts(ctx, [viewerId, ...rows.map((r) => r.from_account_id)]),
    serializeStatusIds(ctx, statusIds, viewerId, { filterContext: 'notifications' }),
  ]);
  const statusById = new Map(statuses.map((s) => [s.id, s]));
  const out: NotificationEntity[] = [];
  for (const r of rows) {
    if (r.type === 'moderation_warning') {
      const warning = await serializeWarning(ctx, r, accounts.get(viewerId));
      if (warning) out.push(warning);
      continue;
    }
    const account = accounts.get(r.from_account_id);
    if (!account || account.suspended) continue;
    const entity: NotificationEntity = { id: r.id, type: r.type, created_at: r.created_at, group_key: notificationGroupKey(r), account };
    if (r.type === 'admin.report') {
      const report = await findReportForNotification(ctx.db, r.from_account_id, r.created_at);
      if (!report) continue;
      entity.report = await serializeReport(ctx, report);
    }
    if (STATUS_TYPES.has(r.type) || r.status_id) {
      const status = r.status_id ? statusById.get(r.status_id) : undefined;
      if (!status) continue;
      entity.status = status;
    }
    out.push(entity);
  }
  return out;
}

// As in Mastodon, a moderation warning names the warned account itself, never the moderator who acted.
async function serializeWarning(ctx: AppContext, r: NotificationRow, self: AccountEntity | undefined): Promise<NotificationEntity | null> {
  if (!self) return null;
  const w = await findWarningFor(ctx.db, r.account_id, r.status_id, r.created_at);
  if (!w) return null;
  return {
    id: r.id,
    type: r.type,
    created_at: r.created_at,
    group_key: notificationGroupKey(r),
    account: self,
    moderation_warning: {
      id: w.id,
      action: WARNING_ACTIONS[w.kind] ?? 'none',
      text: w.reason,
      status_ids: w.status_id ? [w.status_id] : [],
      target_account: self,
      appeal: w.appeal_text !== null && w.appeal_state !== null ? { text: w.appeal_text, state: w.appeal_state } : null,
      created_at: w.created_at,
    },
  };
}

/** One notification for its recipient (the streaming layer), or null when it is gone or hidden. */
export async function serializeNotificationFor(ctx: AppContext, notificationId: string, viewerId: string): Promise<NotificationEntity | null> {
  const rows = await findNotificationsByIds(ctx.db, viewerId, [notificationId], nowIso());
  return (await serializeNotifications(ctx, rows, viewerId))[0] ?? null;
}

/**
 * Mastodon 4.3's NotificationGroup: https://docs.joinmastodon.org/entities/GroupedNotificationsResults/#NotificationGroup
 * Mastodon sends most_recent_notification_id as a JSON number (its notification ids are small); ours are
 * 64-bit snowflakes that a number would round, so it is a string like every other id.
 */
export interface NotificationGroupEntity {
  group_key: string;
  notifications_count: number;
  type: string;
  most_recent_notification_id: string;
  page_min_id: string;
  page_max_id: string;
  latest_page_notification_at: string;
  sample_account_ids: string[];
  status_id?: string;
  moderation_warning?: AccountWarningEntity;
  report?: ReportEntity;
}

export interface GroupedNotificationsEntity {
  accounts: AccountEntity[];
  statuses: StatusEntity[];
  notification_groups: NotificationGroupEntity[];
}

/**
 * Groups one page of notifications (newest first) as Mastodon 4.3 does: favourites and echoes of one post,
 * and follows, within the same window share a group; `groupedTypes` limits which types may group.
 */
export async function serializeNotificationGroups(
  ctx: AppContext,
  rows: NotificationRow[],
  viewerId: string,
  groupedTypes?: ReadonlySet<string>,
): Promise<GroupedNotificationsEntity> {
  const entities = await serializeNotifications(ctx, rows, viewerId);
  const groups = new Map<string, { group: NotificationGroupEntity; samples: Set<string> }>();
  const accounts = new Map<string, AccountEntity>();
  const statuses = new Map<string, StatusEntity>();
  for (const n of entities) {
    const key = groupedTypes && !groupedTypes.has(n.type) ? `ungrouped-${n.id}` : n.group_key;
    // Rows come newest first: the first of a group is its most recent.
    let g = groups.get(key);
    if (!g) {
      const group: NotificationGroupEntity = {
        group_key: key,
        notifications_count: 0,
        type: n.type,
        most_recent_notification_id: n.id,
        page_min_id: n.id,
        page_max_id: n.id,
        latest_page_notification_at: n.created_at,
        sample_account_ids: [],
      };
      if (n.status) group.status_id = n.status.id;
      if (n.moderation_warning) group.moderation_warning = n.moderation_warning;
      if (n.report) group.report = n.report;
      g = { group, samples: new Set() };
      groups.set(key, g);
    }
    g.group.notifications_count += 1;
    g.group.page_min_id = n.id;
    if (g.samples.size < 8 && !g.samples.has(n.account.id)) {
      g.samples.add(n.account.id);
      g.group.sample_account_ids.push(n.account.id);
      accounts.set(n.account.id, n.account);
    }
    if (n.status) statuses.set(n.status.id, n.status);
  }
  return { accounts: [...accounts.values()], statuses: [...statuses.values()], notification_groups: [...groups.values()].map((g) => g.group) };
}
