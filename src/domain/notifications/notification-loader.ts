import type { ReportRow } from '../../moderation/moderation.store.js';
import { type AccountRow, findAccountsByIds } from '../accounts/accounts.store.js';
import { type EmojiMap, emojisOfAccounts } from '../custom-emojis/emoji-loader.js';
import type { StatusLoaderDeps } from '../statuses/status-loader.js';
import { type LoadedStatuses, loadStatusesByIds } from '../statuses/status-loader.js';
import { nowIso } from '../time.js';
import { latestReportsBefore, strikesUntil } from './notification-page.store.js';
import { findNotificationsByIds, type NotificationRow, type WarningRow } from './notifications.store.js';

/** Everything a page of one reader's notifications shows: plain data for src/api/entities/notification.ts. */
export interface LoadedNotifications {
  viewerId: string;
  rows: NotificationRow[];
  /** The reader, the senders and the accounts reported. */
  accounts: Map<string, AccountRow>;
  /** The custom emojis those accounts' names and bios use. */
  accountEmojis: EmojiMap;
  /** The posts the notifications are about, as the reader sees them (their `notifications` filters applied). */
  statuses: LoadedStatuses;
  /** By notification id: the strike a moderation_warning is about. */
  warnings: Map<string, WarningRow>;
  /** By notification id: the report an admin.report is about. */
  reports: Map<string, ReportRow>;
}

/**
 * A page of notifications with what they show, in a fixed number of statements whatever the page holds: the
 * posts' (status-loader.ts), the strikes (one), the reports (one), the accounts (one) and, when their names or bios have a `:shortcode:`, their emojis (one).
 */
export async function loadNotifications(ctx: StatusLoaderDeps, rows: NotificationRow[], viewerId: string): Promise<LoadedNotifications> {
  const statusIds = [...new Set(rows.map((r) => r.status_id).filter((x): x is string => !!x))];
  const [statuses, extras] = await Promise.all([
    loadStatusesByIds(ctx, statusIds, viewerId, { filterContext: 'notifications' }),
    loadExtras(ctx, rows, viewerId),
  ]);
  return { viewerId, rows, statuses, ...extras };
}

async function loadExtras(ctx: StatusLoaderDeps, rows: NotificationRow[], viewerId: string) {
  if (rows.length === 0)
    return {
      warnings: new Map<string, WarningRow>(),
      reports: new Map<string, ReportRow>(),
      accounts: new Map<string, AccountRow>(),
      accountEmojis: new Map() as EmojiMap,
    };
  const warned = rows.filter((r) => r.type === 'moderation_warning');
  const reported = rows.filter((r) => r.type === 'admin.report');
  const latestWarning = warned
    .map((r) => r.created_at)
    .sort()
    .at(-1);
  const [strikes, reportRows] = await Promise.all([
    latestWarning ? strikesUntil(ctx.db, viewerId, latestWarning) : [],
    // Notifications carry no report id: it is the reporter's latest report filed before the notification.
    latestReportsBefore(
      ctx.db,
      reported.map((r) => ({ reporterId: r.from_account_id, at: r.created_at })),
    ),
  ]);
  const warnings = new Map<string, WarningRow>();
  for (const r of warned) {
    // The latest strike on the reader at that moment (on that post, when it names one).
    const w = strikes.find((s) => s.created_at <= r.created_at && (!r.status_id || s.status_id === r.status_id));
    if (w) warnings.set(r.id, w);
  }
  const reports = new Map<string, ReportRow>();
  reported.forEach((r, i) => {
    const report = reportRows[i];
    if (report) reports.set(r.id, report);
  });
  const accountIds = [viewerId, ...rows.map((r) => r.from_account_id), ...[...reports.values()].map((r) => r.target_account_id)];
  const accounts = await findAccountsByIds(ctx.db, [...new Set(accountIds)]);
  return { warnings, reports, accounts: new Map(accounts.map((a) => [a.id, a])), accountEmojis: await emojisOfAccounts(ctx.db, accounts) };
}

/** One notification of its recipient's (the streaming layer); null when it is gone or filtered out. */
export async function loadNotificationById(ctx: StatusLoaderDeps, viewerId: string, id: string): Promise<LoadedNotifications> {
  return loadNotifications(ctx, await findNotificationsByIds(ctx.db, viewerId, [id], nowIso()), viewerId);
}
