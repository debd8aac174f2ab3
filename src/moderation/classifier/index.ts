// The classifier's public surface, for the screening pipeline and the CLI.
export { detectLanguage, type Language } from '../language.js';
export { HttpClassifier } from './http-classifier.js';
export { loadClassifier } from './load-classifier.js';
export { SHIPPED_MODEL_PATH, ShippedClassifier } from './shipped-classifier.js';
export {
  type ActionThresholds,
  DEFAULT_THRESHOLDS,
  decideAction,
  type ModerationAction,
  type ModerationThresholds,
  resolveThresholds,
  type ThresholdSettings,
} from './thresholds.js';
export {
  type Category,
  type CategoryScores,
  type Classifier,
  ClassifierCallError,
  type ClassifierConfig,
  ClassifierLoadError,
  type ClassifierResult,
  CORE_CATEGORIES,
  type CoreCategory,
} from './types.js';
