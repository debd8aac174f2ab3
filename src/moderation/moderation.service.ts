import type { Config } from '../config/config.js';
import type { InstanceDeps } from '../domain/instance/instance.service.js';
import type { NotifyDeps } from '../domain/notifications/notify.js';
import type { Infra } from '../infra/infra.js';
import type { ChangeDeps } from '../infra/versions.js';
import type { Logger } from '../logger.js';
import { liftExpiredSuspensions } from './actions.service.js';
import { loadClassifier } from './classifier/load-classifier.js';
import { type ModerationThresholds, resolveThresholds } from './classifier/thresholds.js';
import type { Classifier } from './classifier/types.js';
import type { StatusLifecycle } from './publication.js';

/** What moderation's services use: the statuses area is reached only through StatusLifecycle. */
export type ModerationDeps = Pick<Infra, 'db' | 'ids' | 'config' | 'events' | 'jobs' | 'logger'> &
  ChangeDeps &
  NotifyDeps &
  InstanceDeps & { statusLifecycle: StatusLifecycle; moderation: ModerationServices };

/** Long-lived moderation state, kept in ctx.moderation. */
export interface ModerationServices {
  classifier: Classifier;
  thresholds: ModerationThresholds;
  /** Told how long each post's screening took (metrics: src/infra/metric-sources.ts). */
  onScreened?: (outcome: string, seconds: number) => void;
}

/** Swaps the classifier (tests use a stand-in through the same interface). */
export function setClassifier(ctx: { moderation: ModerationServices }, classifier: Classifier): void {
  ctx.moderation.classifier = classifier;
}

/**
 * Loads the classifier once, with the thresholds the `moderate` command uses too (defaults, the two global
 * settings, per-category MODERATION_THRESHOLDS).
 */
export async function createModeration(config: Config['moderation'], logger: Logger): Promise<ModerationServices> {
  const classifier = await loadClassifier(config.classifier ?? { kind: 'shipped' });
  logger.debug({ classifier: classifier.name, version: classifier.version }, 'moderation classifier loaded');
  return { classifier, thresholds: resolveThresholds(config) };
}

/** Starts the sweep that lifts timed suspensions, and closes the classifier on shutdown. */
export function startModeration(ctx: ModerationDeps & Pick<Infra, 'onClose'>): void {
  const timer = setInterval(() => {
    liftExpiredSuspensions(ctx).catch((err) => ctx.logger.error({ err }, 'lifting expired suspensions failed'));
  }, 60_000);
  timer.unref();
  ctx.onClose.push(async () => {
    clearInterval(timer);
    await ctx.moderation.classifier.close?.();
  });
}
