/**
 * A small hidden layer on top of a logistic head: z = linear(x) + v·tanh(W x + b) + c.
 * The linear head is trained first and frozen; the hidden units then learn the
 * conjunctions it cannot form (pronoun × violent verb × intent), from a zero
 * residual, so at initialisation the model is exactly the linear one.
 */
import type { SparseVector } from './features.js';
import { type LogisticHead, logit, seededRandom, shuffle, sigmoid, type TrainingExample } from './logistic.js';

export interface HiddenLayer {
  hidden: number;
  /** dim × hidden, row per feature slot (slot * hidden + unit). */
  weights: Float32Array;
  bias: Float32Array;
  out: Float32Array;
  outBias: number;
}

export interface MlpOptions {
  dim: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  positiveWeight: number;
  /** Which output of TrainingExample.y to learn. */
  category: number;
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

const scratch = new Float32Array(64);

/** The residual logit the hidden layer adds; `h` receives the unit activations. */
export function hiddenLogit(layer: HiddenLayer, x: SparseVector, h: Float32Array = scratch): number {
  const H = layer.hidden;
  for (let j = 0; j < H; j++) h[j] = layer.bias[j] as number;
  const W = layer.weights;
  for (let i = 0; i < x.idx.length; i++) {
    const base = (x.idx[i] as number) * H;
    const v = x.val[i] as number;
    for (let j = 0; j < H; j++) h[j] = (h[j] as number) + (W[base + j] as number) * v;
  }
  let z = layer.outBias;
  for (let j = 0; j < H; j++) {
    const a = Math.tanh(h[j] as number);
    h[j] = a;
    z += (layer.out[j] as number) * a;
  }
  return z;
}

export function trainHidden(examples: TrainingExample[], linear: LogisticHead, opts: MlpOptions): HiddenLayer {
  const H = opts.hidden;
  const rand = seededRandom(opts.seed ^ 0x5f3759df);
  const layer: HiddenLayer = {
    hidden: H,
    weights: new Float32Array(opts.dim * H),
    bias: new Float32Array(H),
    out: new Float32Array(H),
    outBias: 0,
  };
  // Small random input weights break the symmetry; zero output weights start from the linear model.
  for (let i = 0; i < layer.weights.length; i++) layer.weights[i] = (rand() - 0.5) * 0.2;
  const gW = new Float32Array(opts.dim * H);
  const gB = new Float32Array(H);
  const gO = new Float32Array(H);
  let gOB = 0;
  const eps = 1e-6;
  const h = new Float32Array(H);
  const dh = new Float32Array(H);
  const order = examples.filter((e) => !Number.isNaN(e.y[opts.category] as number));
  const base = new Float32Array(order.length);
  const zLin = new Map<TrainingExample, number>();
  order.forEach((ex, i) => {
    base[i] = logit(linear, ex.x);
    zLin.set(ex, base[i] as number);
  });
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, rand);
    const lr = opts.learningRate / (1 + 0.3 * epoch);
    let lossSum = 0;
    let weightSum = 0;
    for (const ex of order) {
      const y = ex.y[opts.category] as number;
      const z = (zLin.get(ex) as number) + hiddenLogit(layer, ex.x, h);
      const p = sigmoid(z);
      const sw = ex.weight * (y > 0.5 ? opts.positiveWeight : 1);
      lossSum += sw * -(y * Math.log(p + 1e-9) + (1 - y) * Math.log(1 - p + 1e-9));
      weightSum += sw;
      const g = (p - y) * sw;
      for (let j = 0; j < H; j++) {
        const a = h[j] as number;
        dh[j] = g * (layer.out[j] as number) * (1 - a * a);
        const go = g * a + opts.l2 * (layer.out[j] as number);
        gO[j] = (gO[j] as number) + go * go;
        layer.out[j] = (layer.out[j] as number) - (lr * go) / Math.sqrt((gO[j] as number) + eps);
        const gb = dh[j] as number;
        gB[j] = (gB[j] as number) + gb * gb;
        layer.bias[j] = (layer.bias[j] as number) - (lr * gb) / Math.sqrt((gB[j] as number) + eps);
      }
      gOB += g * g;
      layer.outBias -= (lr * g) / Math.sqrt(gOB + eps);
      const { idx, val } = ex.x;
      for (let i = 0; i < idx.length; i++) {
        const b = (idx[i] as number) * H;
        const v = val[i] as number;
        for (let j = 0; j < H; j++) {
          const k = b + j;
          const w = layer.weights[k] as number;
          const gr = (dh[j] as number) * v + opts.l2 * w;
          const acc = (gW[k] as number) + gr * gr;
          gW[k] = acc;
          layer.weights[k] = w - (lr * gr) / Math.sqrt(acc + eps);
        }
      }
    }
    opts.onEpoch?.(epoch, lossSum / Math.max(weightSum, 1e-9));
  }
  return layer;
}
