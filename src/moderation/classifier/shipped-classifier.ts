/**
 * The model Tribune trains and ships (models/moderation-v3.json): hashed n-grams,
 * logistic heads, and the rule correction. Loaded from disk, no network.
 */
import { fileURLToPath } from 'node:url';
import { featurise } from './features.js';
import { logit, sigmoid } from './logistic.js';
import { hiddenLogit } from './mlp.js';
import { type ModelFile, readModel } from './model-file.js';
import { grammarAdjustment, ruleAdjustment } from './rules.js';
import { formFromCues, formFromHeads } from './threat-form.js';
import type { CategoryScores, Classifier, ClassifierResult, ThreatForm } from './types.js';

export const SHIPPED_MODEL_PATH = fileURLToPath(new URL('../../../models/moderation-v3.json', import.meta.url));

export interface ScoreDetail {
  categories: CategoryScores;
  language: string;
  form?: ThreatForm;
  /** Raw violence logit before the rule correction, for evaluation and debugging. */
  violenceLogit: number;
  ruleAdjustment: number;
}

export class ShippedClassifier implements Classifier {
  readonly name: string;
  readonly version: string;

  constructor(readonly model: ModelFile) {
    this.name = model.name;
    this.version = model.version;
  }

  static fromFile(path: string = SHIPPED_MODEL_PATH): ShippedClassifier {
    return new ShippedClassifier(readModel(path));
  }

  classify(text: string): ClassifierResult {
    const d = this.score(text);
    return { categories: d.categories, language: d.language, ...(d.form ? { form: d.form } : {}) };
  }

  score(text: string): ScoreDetail {
    const f = featurise(text, this.model.features);
    const categories: Record<string, number> = {};
    const adjust = ruleAdjustment(f.cues);
    const shape = grammarAdjustment(f.cues);
    let violenceLogit = 0;
    this.model.categories.forEach((cat, k) => {
      const head = this.model.heads[k];
      if (!head) return;
      const layer = this.model.hidden?.[k];
      const z = logit(head, f.vector) + (layer ? hiddenLogit(layer, f.vector) : 0);
      if (cat === 'violence') violenceLogit = z;
      // Glorification also rests on violent vocabulary, so the defusing cues apply; the threat boost does not.
      categories[cat] = round(sigmoid(z + (cat === 'violence' ? adjust + shape.violence : Math.min(adjust, 0) + shape.glorification)));
    });
    categories.violence ??= 0;
    categories.glorification ??= 0;
    const glorifying = categories.glorification > categories.violence;
    const form = glorifying ? 'glorification' : this.model.forms ? formFromHeads(this.model.forms, f.vector) : formFromCues(f.cues, false);
    return {
      categories: categories as CategoryScores,
      language: f.lang,
      ...(form ? { form } : {}),
      violenceLogit,
      ruleAdjustment: adjust,
    };
  }
}

// Four decimals are plenty for thresholds and keep the CLI output short.
function round(p: number): number {
  return Math.round(p * 10000) / 10000;
}
