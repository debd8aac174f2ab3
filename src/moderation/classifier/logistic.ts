/**
 * Logistic regression over hashed sparse features, one independent head per
 * category, trained with AdaGrad SGD and lazy L2. Small and dependency-free, so
 * `npm run train:moderation` reproduces the shipped model on two cores.
 */
import type { SparseVector } from './features.js';

export interface LogisticHead {
  weights: Float32Array;
  bias: number;
}

export interface TrainingExample {
  x: SparseVector;
  /** Per category: 1, 0, or NaN when the source says nothing about it. */
  y: number[];
  /** Per-example weight (noisy sources count less). */
  weight: number;
}

export interface TrainOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Multiplier on positive examples per category, to offset class imbalance. */
  positiveWeight: number[];
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function logit(head: LogisticHead, x: SparseVector): number {
  let z = head.bias;
  const w = head.weights;
  for (let i = 0; i < x.idx.length; i++) z += (w[x.idx[i] as number] as number) * (x.val[i] as number);
  return z;
}

/** Mulberry32: a tiny seeded PRNG so shuffles are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

export function trainLogistic(examples: TrainingExample[], heads: number, opts: TrainOptions): LogisticHead[] {
  const rand = seededRandom(opts.seed);
  const result: LogisticHead[] = [];
  for (let k = 0; k < heads; k++) {
    const w = new Float32Array(opts.dim);
    const g2 = new Float32Array(opts.dim);
    let bias = 0;
    let biasG2 = 0;
    const eps = 1e-6;
    const order = examples.filter((e) => !Number.isNaN(e.y[k] as number));
    const posW = opts.positiveWeight[k] ?? 1;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffle(order, rand);
      let lossSum = 0;
      let weightSum = 0;
      // Learning rate decays gently so the last epochs settle.
      const lr = opts.learningRate / (1 + 0.3 * epoch);
      for (const ex of order) {
        const y = ex.y[k] as number;
        const head = { weights: w, bias };
        const z = logit(head, ex.x);
        const p = sigmoid(z);
        const sw = ex.weight * (y > 0.5 ? posW : 1);
        lossSum += sw * -(y * Math.log(p + 1e-9) + (1 - y) * Math.log(1 - p + 1e-9));
        weightSum += sw;
        const g = (p - y) * sw;
        const { idx, val } = ex.x;
        for (let i = 0; i < idx.length; i++) {
          const j = idx[i] as number;
          const wj = w[j] as number;
          const grad = g * (val[i] as number) + opts.l2 * wj;
          const acc = (g2[j] as number) + grad * grad;
          g2[j] = acc;
          w[j] = wj - (lr * grad) / Math.sqrt(acc + eps);
        }
        biasG2 += g * g;
        bias -= (lr * g) / Math.sqrt(biasG2 + eps);
      }
      opts.onEpoch?.(epoch, lossSum / Math.max(weightSum, 1e-9));
    }
    result.push({ weights: w, bias });
  }
  return result;
}
