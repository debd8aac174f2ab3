import type { Infra } from '../infra/infra.js';
import { sweepUnattachedMedia } from './cleanup.js';
import type { MediaDeps } from './deps.js';
import { processUpload } from './process-upload.js';

const SWEEP_EVERY_MS = 10 * 60 * 1000;

/**
 * The job that processes videos and animated GIFs, and the sweep of uploads never posted. Only processes that run
 * jobs sweep (every process with the in-process queue; with Redis, the `tribune worker`s and JOBS=on web processes).
 */
export function registerMedia(ctx: MediaDeps & Pick<Infra, 'onClose' | 'config'>): void {
  ctx.jobs.register('media.process', ({ mediaId }) => processUpload(ctx, mediaId));
  if (!ctx.config.runJobs) return;
  const timer = setInterval(() => {
    sweepUnattachedMedia(ctx).catch((err) => ctx.logger.error({ err }, 'sweeping unattached media failed'));
  }, SWEEP_EVERY_MS);
  timer.unref();
  ctx.onClose.push(async () => clearInterval(timer));
}
