/**
 * An operator's own ONNX model, run with onnxruntime-node. The package is an
 * optional dependency: it is imported only when an ONNX model is configured,
 * so a default install stays small. Two input contracts:
 * - 'text': the graph takes a string tensor [1, 1] (e.g. a scikit-learn TF-IDF
 *   pipeline exported with skl2onnx);
 * - 'features': the graph takes Tribune's hashed features as a dense float32
 *   tensor [1, 2^bits] (a model trained on `featurise()` output).
 * The first float output is read as per-category probabilities, in the order
 * given by `categories` ([1, 2] with one category means [not, is]).
 */
import { existsSync } from 'node:fs';
import { detectLanguage } from '../language.js';
import { DEFAULT_FEATURES, featurise } from './features.js';
import { type CategoryScores, type Classifier, ClassifierCallError, ClassifierLoadError, type ClassifierResult, CORE_CATEGORIES } from './types.js';

// The few onnxruntime-node shapes used here, so the package is not needed to type-check.
interface OrtTensor {
  data: ArrayLike<number | bigint | string>;
  dims: readonly number[];
  type: string;
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
interface OrtModule {
  InferenceSession: { create(path: string): Promise<OrtSession> };
  Tensor: new (type: string, data: unknown, dims: number[]) => OrtTensor;
}

export interface OnnxClassifierOptions {
  modelPath: string;
  categories?: string[];
  input?: 'text' | 'features';
  featureBits?: number;
  /** Injected in tests; defaults to `import('onnxruntime-node')`. */
  importRuntime?: () => Promise<unknown>;
}

const RUNTIME_PACKAGE = 'onnxruntime-node';

export async function loadOnnxClassifier(opts: OnnxClassifierOptions): Promise<Classifier> {
  if (!existsSync(opts.modelPath)) throw new ClassifierLoadError(`ONNX model file not found: ${opts.modelPath}`);
  let ort: OrtModule;
  try {
    const mod = (await (opts.importRuntime ?? (() => import(RUNTIME_PACKAGE)))()) as OrtModule & { default?: OrtModule };
    ort = mod.InferenceSession ? mod : (mod.default as OrtModule);
  } catch {
    throw new ClassifierLoadError(
      `${RUNTIME_PACKAGE} is not installed: run \`npm install ${RUNTIME_PACKAGE}\` to use an ONNX moderation model (with ONNXRUNTIME_NODE_INSTALL=skip when offline: the CPU build ships in the package)`,
    );
  }
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(opts.modelPath);
  } catch (err) {
    throw new ClassifierLoadError(`ONNX model ${opts.modelPath} could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new OnnxClassifier(ort, session, opts);
}

class OnnxClassifier implements Classifier {
  readonly name: string;
  readonly version = 'onnx';
  private readonly categories: string[];
  private readonly bits: number;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    private readonly opts: OnnxClassifierOptions,
  ) {
    this.name = `onnx:${opts.modelPath.split(/[\\/]/).pop()}`;
    this.categories = opts.categories ?? ['violence'];
    this.bits = opts.featureBits ?? DEFAULT_FEATURES.bits;
  }

  async classify(text: string): Promise<ClassifierResult> {
    const inputName = this.session.inputNames[0];
    if (!inputName) throw new ClassifierCallError('ONNX model has no input');
    const tensor = this.opts.input === 'features' ? this.featureTensor(text) : new this.ort.Tensor('string', [text], [1, 1]);
    const outputs = await this.session.run({ [inputName]: tensor });
    const probs = this.session.outputNames.map((n) => outputs[n]).find((t) => t && (t.type === 'float32' || t.type === 'float64'));
    if (!probs) throw new ClassifierCallError('ONNX model has no float output to read as probabilities');
    const values = Array.from(probs.data as ArrayLike<number>);
    const scores: Record<string, number> = {};
    for (const c of CORE_CATEGORIES) scores[c] = 0;
    if (this.categories.length === 1 && values.length === 2) scores[this.categories[0] as string] = values[1] as number;
    else for (const [i, c] of this.categories.entries()) scores[c] = Math.min(1, Math.max(0, values[i] ?? 0));
    return { categories: scores as CategoryScores, language: detectLanguage(text) };
  }

  private featureTensor(text: string): OrtTensor {
    const dense = new Float32Array(1 << this.bits);
    const { idx, val } = featurise(text, { ...DEFAULT_FEATURES, bits: this.bits }).vector;
    for (let i = 0; i < idx.length; i++) dense[idx[i] as number] = (dense[idx[i] as number] as number) + (val[i] as number);
    return new this.ort.Tensor('float32', dense, [1, dense.length]);
  }

  async close(): Promise<void> {
    await this.session.release?.();
  }
}
