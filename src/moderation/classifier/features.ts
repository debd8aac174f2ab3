/**
 * Hashed sparse features: word unigrams and bigrams, character 3-5-grams inside
 * each word (robust to spelling and inflection), and the rule cues.
 * Hashing keeps the model a fixed size with no vocabulary file.
 */
import { detectLanguage, type Language } from '../language.js';
import { normalise } from './normalise.js';
import { analyseCues, type Cues, cueFeatures } from './rules.js';

export interface FeatureOptions {
  /** log2 of the hash space. */
  bits: number;
  charMin: number;
  charMax: number;
  /** Text features are scaled by 1/sqrt(max(count, normFloor)): a two-word post cannot weigh like a paragraph. */
  normFloor: number;
  /**
   * Words within this many tokens of a violent term become position-tagged features
   * ("L1:never", "R2:level"), so the model learns negation, targets and objects from
   * data rather than only from the word lists. 0 turns them off.
   */
  context?: number;
  /** Text features are scaled by count^-normPower (0.5 when absent: unit norm). Lower lets long posts keep a strong phrase. */
  normPower?: number;
  /** The grammar's threat shapes (grammar.ts) also enter the model as features (`g_<shape>`); off when absent. */
  grammarFeatures?: boolean;
}

export const DEFAULT_FEATURES: FeatureOptions = { bits: 18, charMin: 3, charMax: 5, normFloor: 1, context: 3 };

export interface SparseVector {
  idx: Uint32Array;
  val: Float32Array;
}

export interface Featurised {
  vector: SparseVector;
  tokens: string[];
  cues: Cues;
  /** The detected language, whose word lists the cues were read with. */
  lang: Language;
}

// FNV-1a over a string slice, seeded per feature kind so "w|ab" and "c|ab" differ.
function fnv(s: string, start: number, end: number, seed: number): number {
  let h = seed >>> 0;
  for (let i = start; i < end; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SEED_WORD = 0x811c9dc5;
const SEED_BIGRAM = 0x9747b28c;
const SEED_CHAR = 0x2f3a4b5c;
const SEED_CUE = 0x5bd1e995;
const SEED_CTX = 0x3c6ef372;
const CUE_WEIGHT = 1;

// Scratch buffers reused across calls: screening is single-threaded per process.
let scratch = new Uint32Array(4096);

export function featurise(text: string, opts: FeatureOptions = DEFAULT_FEATURES, lang: Language = detectLanguage(text)): Featurised {
  const norm = normalise(text);
  const tokens = norm.length > 0 ? norm.split(' ') : [];
  const mask = (1 << opts.bits) - 1;
  let n = 0;
  const push = (h: number) => {
    if (n === scratch.length) {
      const bigger = new Uint32Array(scratch.length * 2);
      bigger.set(scratch);
      scratch = bigger;
    }
    scratch[n++] = h & mask;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    push(fnv(t, 0, t.length, SEED_WORD));
    if (i + 1 < tokens.length) {
      const pair = `${t} ${tokens[i + 1]}`;
      push(fnv(pair, 0, pair.length, SEED_BIGRAM));
    }
    const padded = `<${t}>`;
    for (let k = opts.charMin; k <= opts.charMax; k++) {
      for (let s = 0; s + k <= padded.length; s++) push(fnv(padded, s, s + k, SEED_CHAR + k));
    }
  }
  const cues = analyseCues(tokens, text, lang);
  const cueNames = cueFeatures(cues, opts.grammarFeatures === true);
  cueNames.push(`lang_${lang}`);
  const ctx = opts.context ?? 0;
  const ctxNames: string[] = [];
  if (ctx > 0) {
    for (const at of cues.violentAt) {
      for (let d = 1; d <= ctx; d++) {
        const left = tokens[at - d];
        const right = tokens[at + d];
        ctxNames.push(left === undefined ? `L${d}:^` : `L${d}:${left}`);
        ctxNames.push(right === undefined ? `R${d}:$` : `R${d}:${right}`);
        if (left !== undefined) ctxNames.push(`W:${left}`);
        if (right !== undefined) ctxNames.push(`W:${right}`);
      }
    }
  }
  // Text features share a unit norm, so long posts do not get larger logits.
  const textCount = n;
  const scale = textCount > 0 ? Math.max(textCount, opts.normFloor ?? 1) ** -(opts.normPower ?? 0.5) : 0;
  const size = textCount + cueNames.length + ctxNames.length + 1;
  const idx = new Uint32Array(size);
  const val = new Float32Array(size);
  for (let i = 0; i < textCount; i++) {
    idx[i] = scratch[i] as number;
    val[i] = scale;
  }
  let m = textCount;
  for (const c of cueNames) {
    idx[m] = fnv(c, 0, c.length, SEED_CUE) & mask;
    val[m++] = CUE_WEIGHT;
  }
  // Context features share one unit norm, like the text features.
  const ctxScale = ctxNames.length > 0 ? 1 / Math.sqrt(ctxNames.length) : 0;
  for (const c of ctxNames) {
    idx[m] = fnv(c, 0, c.length, SEED_CTX) & mask;
    val[m++] = ctxScale;
  }
  // An always-on feature for very short posts, where n-grams say little.
  const shortName = tokens.length <= 3 ? 'len_short' : 'len_long';
  idx[m] = fnv(shortName, 0, shortName.length, SEED_CUE) & mask;
  val[m++] = 1;
  return { vector: { idx, val }, tokens, cues, lang };
}
