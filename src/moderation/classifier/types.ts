/**
 * The contract every moderation classifier meets: the shipped model, an
 * operator's ONNX model, or an external HTTP service. The screening pipeline
 * only ever sees this interface.
 */

/** Categories Tribune scores. Open for more: a classifier may add keys. */
export const CORE_CATEGORIES = ['violence', 'glorification'] as const;
export type CoreCategory = (typeof CORE_CATEGORIES)[number];
// `string & {}` keeps autocompletion for the core names while allowing others.
export type Category = CoreCategory | (string & {});

/** Scores in 0..1 per category; the core categories are always present. */
export type CategoryScores = Record<CoreCategory, number> & Record<string, number>;

/** The shapes a threat takes (issue 11): what a moderator sees as "the form that fired". */
export const THREAT_FORMS = [
  'first-person',
  'second-person',
  'call-to-action',
  'normative',
  'wish',
  'elimination',
  'veiled-conditional',
  'incitement-place-event',
  'glorification',
  'obfuscated',
] as const;
export type ThreatForm = (typeof THREAT_FORMS)[number];
/** The look-alikes a threat classifier must spare. */
export const NEGATIVE_FORMS = [
  'counter-speech',
  'negated',
  'news',
  'object-game-food',
  'figurative',
  'profanity-insult',
  'fiction-history',
  'self-deprecation',
] as const;

export interface ClassifierResult {
  categories: CategoryScores;
  /** ISO 639-1 of the eight screened languages (en, fr, de, es, it, pt, nl, pl), or 'other'. */
  language: string;
  /** The threat form the post reads as, when the classifier can tell (the shipped one can; ONNX and HTTP may not). */
  form?: ThreatForm;
}

export interface Classifier {
  readonly name: string;
  readonly version: string;
  classify(text: string): ClassifierResult | Promise<ClassifierResult>;
  /** Release native or network resources, if any. */
  close?(): Promise<void>;
}

export type ClassifierConfig =
  | { kind: 'shipped'; modelPath?: string }
  | {
      kind: 'onnx';
      modelPath: string;
      /** Output column order of the model's probability tensor. */
      categories?: string[];
      /** 'text': the graph takes a string tensor; 'features': Tribune's hashed features. */
      input?: 'text' | 'features';
    }
  | { kind: 'http'; url: string; timeoutMs?: number; headers?: Record<string, string> };

export class ClassifierLoadError extends Error {
  override name = 'ClassifierLoadError';
}

export class ClassifierCallError extends Error {
  override name = 'ClassifierCallError';
}
