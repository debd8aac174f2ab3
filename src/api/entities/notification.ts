import { notificationGroupKey } from '../../domain/notifications/group-key.js';
import type { LoadedNotifications } from '../../domain/notifications/notification-loader.js';
import type { NotificationRow, WarningRow } from '../../domain/notifications/notifications.store.js';
import { isNotificationType, type NotificationType, STATUS_NOTIFICATION_TYPES } from '../../domain/notifications/types.js';
import { type AccountEntity, serializeAccount } from './account.js';
import type { EntityContext } from './entity-context.js';
import { type ReportEntity, serializeReport } from './report.js';
import { type StatusEntity, serializeStatuses } from './status.js';

/** Mastodon's Notification entity: https://docs.joinmastodon.org/entities/Notification/ */
export interface NotificationEntity {
  id: string;
  type: NotificationType;
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

/**
 * The reader's notifications in order, leaving out those whose sender is gone or whose post the reader can no
 * longer see (deleted, now private to them, blocked author).
 */
export function serializeNotifications(ctx: EntityContext, loaded: LoadedNotifications): NotificationEntity[] {
  const statuses = new Map(serializeStatuses(ctx, loaded.statuses).map((s) => [s.id, s]));
  const accounts = new Map<string, AccountEntity | undefined>();
  const accountOf = (id: string) => {
    if (!accounts.has(id)) {
      const row = loaded.accounts.get(id);
      accounts.set(id, row ? serializeAccount(ctx, row, loaded.accountEmojis) : undefined);
    }
    return accounts.get(id);
  };
  const out: NotificationEntity[] = [];
  for (const r of loaded.rows) {
    // A type this version does not know (a row from a newer one, restored) is left out rather than sent raw.
    if (!isNotificationType(r.type)) continue;
    if (r.type === 'moderation_warning') {
      const self = accountOf(loaded.viewerId);
      const w = loaded.warnings.get(r.id);
      if (self && w) out.push(serializeWarning(r, w, self));
      continue;
    }
    const account = accountOf(r.from_account_id);
    if (!account || account.suspended) continue;
    const entity: NotificationEntity = { id: r.id, type: r.type, created_at: r.created_at, group_key: notificationGroupKey(r), account };
    if (r.type === 'admin.report') {
      const report = loaded.reports.get(r.id);
      if (!report) continue;
      entity.report = serializeReport(report, accountOf(report.target_account_id) ?? null);
    }
    if (STATUS_NOTIFICATION_TYPES.has(r.type) || r.status_id) {
      const status = r.status_id ? statuses.get(r.status_id) : undefined;
      if (!status) continue;
      entity.status = status;
    }
    out.push(entity);
  }
  return out;
}

// As in Mastodon, a moderation warning names the warned account itself, never the moderator who acted.
function serializeWarning(r: NotificationRow, w: WarningRow, self: AccountEntity): NotificationEntity {
  return {
    id: r.id,
    type: 'moderation_warning',
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

/**
 * Mastodon 4.3's NotificationGroup: https://docs.joinmastodon.org/entities/GroupedNotificationsResults/#NotificationGroup
 * Mastodon sends most_recent_notification_id as a JSON number (its notification ids are small); ours are
 * 64-bit snowflakes that a number would round, so it is a string like every other id.
 */
export interface NotificationGroupEntity {
  group_key: string;
  notifications_count: number;
  type: NotificationType;
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
export function serializeNotificationGroups(ctx: EntityContext, loaded: LoadedNotifications, groupedTypes?: ReadonlySet<string>): GroupedNotificationsEntity {
  const entities = serializeNotifications(ctx, loaded);
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
