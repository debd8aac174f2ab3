import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, decideAction, resolveThresholds } from './thresholds.js';

describe('thresholds', () => {
  it('publishes, holds for review or refuses by the strictest category', () => {
    expect(decideAction({ violence: 0.1, glorification: 0.1 })).toBe('publish');
    expect(decideAction({ violence: DEFAULT_THRESHOLDS.violence.review, glorification: 0 })).toBe('review');
    expect(decideAction({ violence: 0.1, glorification: 0.99 })).toBe('refuse');
  });
  it('applies global thresholds, then per-category overrides', () => {
    const t = resolveThresholds({ reviewThreshold: 0.3, thresholds: { violence: { refuse: 0.8 } } });
    expect(t.violence).toEqual({ review: 0.3, refuse: 0.8 });
    expect(t.glorification?.review).toBe(0.3);
  });
  it('rejects a refuse threshold below the review one', () => {
    expect(() => resolveThresholds({ thresholds: { violence: { review: 0.9, refuse: 0.5 } } })).toThrow(RangeError);
  });
});
