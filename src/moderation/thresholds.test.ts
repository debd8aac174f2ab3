import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/config.js';
import { resolveThresholds } from './classifier/thresholds.js';
import { screeningSeverity, topCategory } from './screening.js';

describe('moderation thresholds', () => {
  const base = { strikesToSuspend: 5, classifier: { kind: 'shipped' as const } };

  it('overrides every category with the global thresholds, then a category with its own', () => {
    const t = resolveThresholds({ ...base, reviewThreshold: 0.4, refuseThreshold: 0.99, thresholds: { violence: { refuse: 1.01 }, spam: { review: 0.8 } } });
    expect(t.violence).toEqual({ review: 0.4, refuse: 1.01 });
    expect(t.glorification).toEqual({ review: 0.4, refuse: 0.99 });
    expect(t.spam).toEqual({ review: 0.8, refuse: 0.99 });
  });

  it('reads MODERATION_THRESHOLDS as JSON and rejects anything else with a message naming it', () => {
    const cfg = loadConfig({ DATA_DIR: '/tmp/tribune-thresholds-test', SECRET_KEY: 'x'.repeat(40), MODERATION_THRESHOLDS: '{"violence":{"review":0.3}}' });
    expect(cfg.moderation.thresholds).toEqual({ violence: { review: 0.3 } });
    expect(() =>
      loadConfig({ DATA_DIR: '/tmp/tribune-thresholds-test', SECRET_KEY: 'x'.repeat(40), MODERATION_THRESHOLDS: '{"violence":{"review":3}}' }),
    ).toThrow(/MODERATION_THRESHOLDS/);
    expect(() => loadConfig({ DATA_DIR: '/tmp/tribune-thresholds-test', SECRET_KEY: 'x'.repeat(40), MODERATION_THRESHOLDS: 'violence=0.3' })).toThrow(
      ConfigError,
    );
  });

  it('reads MODERATION_CLASSIFIER', () => {
    const env = { DATA_DIR: '/tmp/tribune-thresholds-test', SECRET_KEY: 'x'.repeat(40) };
    expect(loadConfig(env).moderation.classifier).toEqual({ kind: 'shipped' });
    expect(loadConfig({ ...env, MODERATION_CLASSIFIER: 'onnx:/m.onnx' }).moderation.classifier).toEqual({ kind: 'onnx', modelPath: '/m.onnx' });
    expect(loadConfig({ ...env, MODERATION_CLASSIFIER: 'http://127.0.0.1:9000/classify' }).moderation.classifier).toEqual({
      kind: 'http',
      url: 'http://127.0.0.1:9000/classify',
    });
    expect(() => loadConfig({ ...env, MODERATION_CLASSIFIER: 'magic' })).toThrow(/MODERATION_CLASSIFIER/);
  });

  it('ranks violence above glorification above spam in the queue', () => {
    expect(topCategory({ violence: 0.2, glorification: 0.7 })).toBe('glorification');
    expect(topCategory({ violence: 0.5, glorification: 0.5 })).toBe('violence');
    const v = screeningSeverity({ violence: 0.51, glorification: 0 }).severity;
    const g = screeningSeverity({ violence: 0, glorification: 0.99 }).severity;
    expect(v).toBeGreaterThan(g);
  });
});
