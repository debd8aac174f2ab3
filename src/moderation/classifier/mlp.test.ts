import { describe, expect, it } from 'vitest';
import type { SparseVector } from './features.js';
import { type LogisticHead, sigmoid, type TrainingExample } from './logistic.js';
import { hiddenLogit, trainHidden } from './mlp.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile, parseModel, serialiseModel } from './model-file.js';

const vec = (idx: number[]): SparseVector => ({ idx: Uint32Array.from(idx), val: Float32Array.from(idx.map(() => 1)) });

// XOR of two features (repeated, as a data set would): no linear head can fit it, a hidden layer can.
const base: TrainingExample[] = [
  { x: vec([0, 4]), y: [0], weight: 1 },
  { x: vec([1, 4]), y: [1], weight: 1 },
  { x: vec([2, 4]), y: [1], weight: 1 },
  { x: vec([1, 2, 4]), y: [0], weight: 1 },
];
const xor: TrainingExample[] = Array.from({ length: 50 }, () => base.map((e) => ({ ...e }))).flat();

describe('hidden layer over hashed features', () => {
  it('learns a conjunction the linear head cannot form, reproducibly', () => {
    const linear: LogisticHead = { weights: new Float32Array(8), bias: 0 };
    const opts = { dim: 8, hidden: 4, epochs: 20, learningRate: 0.3, l2: 0, seed: 7, positiveWeight: 1, category: 0 };
    const layer = trainHidden(xor, linear, opts);
    for (const ex of base) {
      const p = sigmoid(hiddenLogit(layer, ex.x));
      if (ex.y[0] === 1) expect(p).toBeGreaterThan(0.7);
      else expect(p).toBeLessThan(0.3);
    }
    const again = trainHidden(xor, linear, opts);
    expect(Array.from(again.out)).toEqual(Array.from(layer.out));
  });

  it('survives the model file round trip', () => {
    const layer = trainHidden(
      xor,
      { weights: new Float32Array(8), bias: 0 },
      {
        dim: 8,
        hidden: 2,
        epochs: 5,
        learningRate: 0.1,
        l2: 0,
        seed: 1,
        positiveWeight: 1,
        category: 0,
      },
    );
    const model: ModelFile = {
      format: MODEL_FORMAT,
      formatVersion: MODEL_FORMAT_VERSION,
      name: 't',
      version: '0',
      trainedAt: '2026-11-25',
      features: { bits: 3, charMin: 3, charMax: 5, normFloor: 1, hash: 'fnv1a32' },
      categories: ['violence'],
      heads: [{ weights: new Float32Array(8), bias: 0 }],
      hidden: [layer],
      training: {},
    };
    const back = parseModel(serialiseModel(model));
    expect(hiddenLogit(back.hidden![0]!, xor[1]!.x)).toBeCloseTo(hiddenLogit(layer, xor[1]!.x), 5);
    const linearOnly = parseModel(serialiseModel({ ...model, hidden: undefined }));
    expect(linearOnly.hidden).toBeUndefined();
  });
});
