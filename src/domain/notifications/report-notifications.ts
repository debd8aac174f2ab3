import type { NotifyDeps } from './notify.js';
import { createNotification } from './notify.js';
import { findReportForStaff, listStaffAccountIds } from './report-notifications.store.js';

/**
 * Mastodon's `admin.report`: every moderator and admin hears of a new report, from the reporter. The
 * reported account is left out even when it is staff, so a moderator never learns who reported them.
 */
export async function notifyStaffOfReport(ctx: NotifyDeps, reportId: string): Promise<void> {
  const report = await findReportForStaff(ctx.db, reportId);
  if (!report) return;
  for (const staffId of await listStaffAccountIds(ctx.db)) {
    if (staffId === report.target_account_id) continue;
    await createNotification(ctx, { type: 'admin.report', accountId: staffId, fromAccountId: report.account_id });
  }
}

export function registerReportNotifications(ctx: NotifyDeps): void {
  ctx.jobs.register('notifications.admin_report', async (payload) => {
    await notifyStaffOfReport(ctx, payload.reportId);
  });
}
