import type { AppContext } from '../context.js';
import { liftExpiredSuspensions } from './actions.service.js';
import { loadClassifier } from './classifier/load-classifier.js';
import { type ModerationThresholds, resolveThresholds } from './classifier/thresholds.js';
import type { Classifier } from './classifier/types.js';

/** Long-lived moderation state, kept in ctx.services.moderation. */
export interface ModerationServices {
  classifier: Classifier;
  thresholds: ModerationThresholds;
}

const KEY = 'moderation';

/** Typed accessor for the moderation state registered at start. */
export function moderation(ctx: AppContext): ModerationServices {
  const m = ctx.services[KEY] as ModerationServices | undefined;
  if (!m) throw new Error('Moderation is not registered: call registerModeration(ctx) at start');
  return m;
}

/** Swaps the classifier (tests use a stand-in through the same interface). */
export function setClassifier(ctx: AppContext, classifier: Classifier): void {
  moderation(ctx).classifier = classifier;
}

/**
 * Loads the classifier once, with the thresholds the `moderate` command uses too (defaults, the two global
 * settings, per-category MODERATION_THRESHOLDS), and starts the sweep that lifts timed suspensions.
 */
export async function registerModeration(ctx: AppContext): Promise<void> {
  const classifier = await loadClassifier(ctx.config.moderation.classifier ?? { kind: 'shipped' });
  ctx.services[KEY] = { classifier, thresholds: resolveThresholds(ctx.config.moderation) } satisfies ModerationServices;
  ctx.logger.debug({ classifier: classifier.name, version: classifier.version }, 'moderation classifier loaded');
  const timer = setInterval(() => {
    liftExpiredSuspensions(ctx).catch((err) => ctx.logger.error({ err }, 'lifting expired suspensions failed'));
  }, 60_000);
  timer.unref();
  ctx.onClose.push(async () => {
    clearInterval(timer);
    await classifier.close?.();
  });
}
