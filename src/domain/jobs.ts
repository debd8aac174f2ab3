import type { AppContext } from '../context.js';

// One place where every area registers its background jobs, so context.ts stays stable.
export async function registerJobs(ctx: AppContext): Promise<void> {
  await (await import('../web/push/push.service.js')).registerPush(ctx);
  (await import('./statuses/fanout.js')).registerStatusJobs(ctx);
  (await import('./cards/cards.service.js')).registerCardJobs(ctx);
  (await import('./notifications/report-notifications.js')).registerReportNotifications(ctx);
}
