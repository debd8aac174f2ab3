/**
 * The one factory the screening pipeline calls: the shipped model by default,
 * or an operator's ONNX model, or an external HTTP service.
 */
import { HttpClassifier } from './http-classifier.js';
import { loadOnnxClassifier } from './onnx-classifier.js';
import { ShippedClassifier } from './shipped-classifier.js';
import type { Classifier, ClassifierConfig } from './types.js';
import { ClassifierLoadError } from './types.js';

export async function loadClassifier(config: ClassifierConfig = { kind: 'shipped' }): Promise<Classifier> {
  switch (config.kind) {
    case 'shipped':
      try {
        return ShippedClassifier.fromFile(config.modelPath);
      } catch (err) {
        throw new ClassifierLoadError(`moderation model could not be loaded: ${err instanceof Error ? err.message : String(err)}`);
      }
    case 'onnx':
      return loadOnnxClassifier({ modelPath: config.modelPath, categories: config.categories, input: config.input });
    case 'http':
      return new HttpClassifier({ url: config.url, timeoutMs: config.timeoutMs, headers: config.headers });
  }
}
