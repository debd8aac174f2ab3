import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.js';
import { logit, seededRandom, sigmoid, trainLogistic } from './logistic.js';

const vec = (idx: number[]): SparseVector => ({ idx: Uint32Array.from(idx), val: Float32Array.from(idx.map(() => 1)) });

describe('logistic regression', () => {
  const examples = [
    ...Array.from({ length: 50 }, () => ({ x: vec([1, 2]), y: [1], weight: 1 })),
    ...Array.from({ length: 50 }, () => ({ x: vec([3, 2]), y: [0], weight: 1 })),
  ];
  const opts = { dim: 8, epochs: 5, learningRate: 0.5, l2: 0, seed: 7, positiveWeight: [1] };

  it('learns a separable problem', () => {
    const [head] = trainLogistic(examples, 1, opts);
    expect(sigmoid(logit(head!, vec([1, 2])))).toBeGreaterThan(0.9);
    expect(sigmoid(logit(head!, vec([3, 2])))).toBeLessThan(0.1);
  });
  it('is reproducible with the same seed', () => {
    const a = trainLogistic(examples, 1, opts)[0]!;
    const b = trainLogistic(examples, 1, opts)[0]!;
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });
  it('skips examples whose label is unknown (NaN) for a head', () => {
    const [head] = trainLogistic([{ x: vec([5]), y: [Number.NaN], weight: 1 }], 1, opts);
    expect(head!.weights[5]).toBe(0);
  });
  it('draws the same pseudo-random sequence from a seed', () => {
    const r1 = seededRandom(42);
    const r2 = seededRandom(42);
    expect([r1(), r1(), r1()]).toEqual([r2(), r2(), r2()]);
  });
});
