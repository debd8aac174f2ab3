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

export interface ClassifierResult {
  categories: CategoryScores;
  /** 'en', 'fr' or 'other' (ISO 639-1 when known). */
  language: string;
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
