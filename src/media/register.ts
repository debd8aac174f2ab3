import type { Infra } from '../infra/infra.js';
import { sweepUnattachedMedia } from './cleanup.js';
import type { MediaDeps } from './deps.js';
import { processUpload } from './process-upload.js';

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/** The job that processes videos and animated GIFs, and the sweep of uploads never posted (every process runs both). */
export function registerMedia(ctx: MediaDeps & Pick<Infra, 'onClose'>): void {
  ctx.jobs.register('media.process', ({ mediaId }) => processUpload(ctx, mediaId));
  const timer = setInterval(() => {
    sweepUnattachedMedia(ctx).catch((err) => ctx.logger.error({ err }, 'sweeping unattached media failed'));
  }, SWEEP_EVERY_MS);
  timer.unref();
  ctx.onClose.push(async () => clearInterval(timer));
}
