import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_FORMAT, parseModel, serialiseModel } from './model-file.js';
import { SHIPPED_MODEL_PATH, ShippedClassifier } from './shipped-classifier.js';

describe('model file', () => {
  it('round-trips weights exactly', () => {
    const weights = Float32Array.from({ length: 16 }, (_, i) => i / 7 - 1);
    const model = {
      format: MODEL_FORMAT as typeof MODEL_FORMAT,
      formatVersion: 1,
      name: 't',
      version: '0',
      trainedAt: '2026-01-01',
      features: { bits: 4, charMin: 3, charMax: 5, normFloor: 1, hash: 'fnv1a32' as const },
      categories: ['violence'],
      heads: [{ bias: 0.25, weights }],
      training: {},
    };
    const back = parseModel(serialiseModel(model));
    expect(Array.from(back.heads[0]!.weights)).toEqual(Array.from(weights));
    expect(back.heads[0]!.bias).toBe(0.25);
  });
  it('refuses a file that is not a Tribune model', () => {
    expect(() => parseModel('{"format":"other"}')).toThrow(/not a Tribune moderation model/);
  });
  it('ships a versioned model of at most 20 MB', () => {
    expect(statSync(SHIPPED_MODEL_PATH).size).toBeLessThan(20 * 1024 * 1024);
    const c = ShippedClassifier.fromFile();
    expect(c.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(c.model.categories).toEqual(['violence', 'glorification']);
  });
});
