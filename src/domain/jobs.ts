import { registerBackupJob } from '../backup/schedule.js';
import type { AppContext } from '../context.js';
import { registerMedia } from '../media/register.js';
import { registerPushJobs } from '../web/push/push.service.js';
import { registerAccountData } from './account-data/register.js';
import { registerCardJobs } from './cards/cards.service.js';
import { registerReportNotifications } from './notifications/report-notifications.js';
import { registerStatusJobs } from './statuses/fanout.js';

// One place where every area registers its background jobs, so context.ts stays stable.
export function registerJobs(ctx: AppContext): void {
  registerPushJobs(ctx);
  registerStatusJobs(ctx);
  registerCardJobs(ctx);
  registerReportNotifications(ctx);
  registerMedia(ctx);
  registerAccountData(ctx);
  registerBackupJob(ctx);
}
