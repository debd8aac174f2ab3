/**
 * Score thresholds per category and action. Defaults are chosen from
 * `npm run eval:moderation`; operators override them through Tribune's config.
 */
export interface ActionThresholds {
  /** At or above: the post is held for a moderator. */
  review: number;
  /** At or above: the post is refused outright. */
  refuse: number;
}

export type ModerationThresholds = Record<string, ActionThresholds>;

export const DEFAULT_THRESHOLDS = {
  violence: { review: 0.3, refuse: 0.9 },
  glorification: { review: 0.3, refuse: 0.9 },
} satisfies ModerationThresholds;

export type ModerationAction = 'publish' | 'review' | 'refuse';

/** The strictest action any category calls for. */
export function decideAction(categories: Record<string, number>, thresholds: ModerationThresholds = DEFAULT_THRESHOLDS): ModerationAction {
  let action: ModerationAction = 'publish';
  for (const [cat, t] of Object.entries(thresholds)) {
    const s = categories[cat];
    if (s === undefined) continue;
    if (s >= t.refuse) return 'refuse';
    if (s >= t.review) action = 'review';
  }
  return action;
}

/** The moderation part of Tribune's Config, as src/config/config.ts shapes it. */
export interface ThresholdSettings {
  reviewThreshold?: number;
  refuseThreshold?: number;
  thresholds?: Record<string, { review?: number; refuse?: number }>;
}

/**
 * Defaults, then the two global thresholds, then per-category overrides.
 * Throws when a category would refuse below its review threshold.
 */
export function resolveThresholds(settings: ThresholdSettings = {}): ModerationThresholds {
  const out: ModerationThresholds = {};
  const cats = new Set([...Object.keys(DEFAULT_THRESHOLDS), ...Object.keys(settings.thresholds ?? {})]);
  for (const cat of cats) {
    const base = (DEFAULT_THRESHOLDS as ModerationThresholds)[cat] ?? { review: 0.5, refuse: 0.9 };
    const own = settings.thresholds?.[cat] ?? {};
    const t = {
      review: own.review ?? settings.reviewThreshold ?? base.review,
      refuse: own.refuse ?? settings.refuseThreshold ?? base.refuse,
    };
    if (t.refuse < t.review) throw new RangeError(`moderation thresholds for ${cat}: refuse (${t.refuse}) is below review (${t.review})`);
    out[cat] = t;
  }
  return out;
}
