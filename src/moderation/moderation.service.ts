import type { AppContext } from '../context.js';
import { liftExpiredSuspensions } from './actions.service.js';
import { loadClassifier } from './classifier/load-classifier.js';
import { DEFAULT_THRESHOLDS, type ModerationThresholds } from './classifier/thresholds.js';
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
 * Thresholds per category: the classifier's defaults, then the two global settings
 * (MODERATION_REVIEW_THRESHOLD / MODERATION_REFUSE_THRESHOLD), then per-category MODERATION_THRESHOLDS.
 */
export function effectiveThresholds(cfg: AppContext['config']['moderation']): ModerationThresholds {
  const out: ModerationThresholds = {};
  for (const [cat, t] of Object.entries(DEFAULT_THRESHOLDS)) {
    out[cat] = { review: cfg.reviewThreshold ?? t.review, refuse: cfg.refuseThreshold ?? t.refuse };
  }
  for (const [cat, t] of Object.entries(cfg.thresholds ?? {})) {
    const base = out[cat] ?? { review: cfg.reviewThreshold ?? 0.5, refuse: cfg.refuseThreshold ?? 1.01 };
    out[cat] = { review: t.review ?? base.review, refuse: t.refuse ?? base.refuse };
  }
  return out;
}

/** Loads the classifier once and starts the sweep that lifts timed suspensions. */
export async function registerModeration(ctx: AppContext): Promise<void> {
  const classifier = await loadClassifier(ctx.config.moderation.classifier ?? { kind: 'shipped' });
  ctx.services[KEY] = { classifier, thresholds: effectiveThresholds(ctx.config.moderation) } satisfies ModerationServices;
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
