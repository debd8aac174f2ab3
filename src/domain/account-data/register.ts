import type { AppContext } from '../../context.js';
import { deleteAccountData } from '../../moderation/admin-accounts.service.js';
import { buildArchive } from './archive.service.js';
import { purgeAccount, queueDuePurges } from './deletion.service.js';
import { runImport } from './imports.service.js';

const PURGE_SWEEP_MS = 10 * 60 * 1000;

/** The jobs of people's own data (archives, imports, purges) and the sweep that finds deletions past their grace period. */
export function registerAccountData(ctx: AppContext): void {
  ctx.jobs.register('accounts.archive', ({ archiveId }) => buildArchive(ctx, archiveId));
  ctx.jobs.register('accounts.import', ({ importId }) => runImport(ctx, importId));
  // The posts go through the admin delete path (no actor: the system acting at the owner's request).
  const deleteAccountPosts = async (accountId: string) => void (await deleteAccountData(ctx, null, accountId));
  ctx.jobs.register('accounts.purge', async ({ accountId }) => void (await purgeAccount({ ...ctx, deleteAccountPosts }, accountId)));
  const timer = setInterval(() => {
    queueDuePurges(ctx).catch((err) => ctx.logger.error({ err }, 'queueing account purges failed'));
  }, PURGE_SWEEP_MS);
  timer.unref();
  ctx.onClose.push(async () => clearInterval(timer));
}
