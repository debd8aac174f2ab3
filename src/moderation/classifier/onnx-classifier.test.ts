import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { featurise } from './features.js';
import { loadClassifier } from './load-classifier.js';
import { loadOnnxClassifier } from './onnx-classifier.js';
import { linearOnnxModel } from './onnx-fixture.js';
import { ClassifierLoadError } from './types.js';

// onnxruntime-node is optional and not installed by default: most tests check the adapter's
// errors and tensor plumbing with a stand-in runtime; the last one runs a real graph when the
// package is installed (ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node).
const runtimePackage = 'onnxruntime-node';
const realRuntime = await import(runtimePackage).then(
  () => true,
  () => false,
);
const dir = mkdtempSync(join(tmpdir(), 'tribune-onnx-'));
const modelPath = join(dir, 'model.onnx');
writeFileSync(modelPath, 'not really onnx');

class FakeTensor {
  constructor(
    readonly type: string,
    readonly data: ArrayLike<number | string>,
    readonly dims: number[],
  ) {}
}

function fakeRuntime(probs: number[], feeds: Record<string, FakeTensor>[]) {
  return async () => ({
    Tensor: FakeTensor,
    InferenceSession: {
      create: async () => ({
        inputNames: ['input'],
        outputNames: ['label', 'probabilities'],
        run: async (f: Record<string, FakeTensor>) => {
          feeds.push(f);
          return { label: new FakeTensor('int64', [1], [1]), probabilities: new FakeTensor('float32', Float32Array.from(probs), [1, probs.length]) };
        },
      }),
    },
  });
}

describe('ONNX classifier', () => {
  it('says clearly when the model file is missing', async () => {
    await expect(loadClassifier({ kind: 'onnx', modelPath: join(dir, 'absent.onnx') })).rejects.toThrow(/ONNX model file not found/);
  });
  it('says clearly when onnxruntime-node is not installed', async () => {
    const err = await loadOnnxClassifier({
      modelPath,
      importRuntime: async () => {
        throw new Error("Cannot find package 'onnxruntime-node'");
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClassifierLoadError);
    expect(String(err)).toMatch(/npm install onnxruntime-node/);
  });
  it('feeds the text as a string tensor and maps the probabilities to categories', async () => {
    const feeds: Record<string, FakeTensor>[] = [];
    const c = await loadOnnxClassifier({ modelPath, categories: ['violence', 'glorification'], importRuntime: fakeRuntime([0.8, 0.1], feeds) });
    const r = await c.classify('je vais te tuer');
    expect(feeds[0]?.input?.type).toBe('string');
    expect(feeds[0]?.input?.data).toEqual(['je vais te tuer']);
    expect(r.categories.violence).toBeCloseTo(0.8);
    expect(r.categories.glorification).toBeCloseTo(0.1);
    expect(r.language).toBe('fr');
  });
  it('reads a [not, is] pair for one category and can feed hashed features', async () => {
    const feeds: Record<string, FakeTensor>[] = [];
    const c = await loadOnnxClassifier({ modelPath, input: 'features', featureBits: 10, importRuntime: fakeRuntime([0.3, 0.7], feeds) });
    const r = await c.classify('hello there');
    expect(feeds[0]?.input?.type).toBe('float32');
    expect(feeds[0]?.input?.dims).toEqual([1, 1024]);
    expect(r.categories.violence).toBeCloseTo(0.7);
  });

  it.skipIf(!realRuntime)('runs a real ONNX graph on hashed features with onnxruntime-node', async () => {
    const bits = 10;
    const dim = 1 << bits;
    const threat = featurise('I will kill you', { bits, charMin: 3, charMax: 5, normFloor: 1, context: 3 }).vector;
    const w = new Float32Array(dim * 2);
    for (const i of threat.idx) w[i * 2] = 5;
    const path = join(dir, 'linear.onnx');
    writeFileSync(path, linearOnnxModel(dim, w, Float32Array.from([-1, -3])));
    const c = await loadOnnxClassifier({ modelPath: path, input: 'features', featureBits: bits, categories: ['violence', 'glorification'] });
    const r = await c.classify('I will kill you');
    expect(r.categories.violence).toBeGreaterThan(0.99);
    expect(r.categories.glorification).toBeLessThan(0.1);
    await c.close?.();
  });
});
