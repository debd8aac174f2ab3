/**
 * Training the shipped model: gather the sources, featurise, fit one logistic
 * head per category, and package the result as a ModelFile.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type LabelledText,
  loadEdos,
  loadEthosTraining,
  loadGermeval2018,
  loadGermevalViolenceTraining,
  loadImplicitHate,
  loadMlma,
  loadToldBr,
} from './datasets.js';
import { DEFAULT_FEATURES, type FeatureOptions, featurise } from './features.js';
import { type TrainingExample, trainLogistic } from './logistic.js';
import { trainHidden } from './mlp.js';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ModelFile } from './model-file.js';
import { expandTemplates, readTemplateFile, templateSeed } from './templates.js';
import { foldFeatures } from './threat-form.js';
import { THREAT_FORMS } from './types.js';

/** Form heads live in a smaller hash space: they only name the form of a post already found threatening. */
const FORM_BITS = 15;
// The older English and French templates name their groups by target; the ones that carry a form map to it.
const OLD_FORM_NAMES: Record<string, string> = { 'threat-veiled': 'veiled-conditional', glorification: 'glorification' };

export const MODEL_CATEGORIES = ['violence', 'glorification'] as const;

export interface TrainSettings {
  seed: number;
  epochs: number;
  learningRate: number;
  l2: number;
  features: FeatureOptions;
  perTemplate: number;
  trickRate: number;
  /** Multiplier on positives, per category, to offset their rarity. */
  positiveWeight: [number, number];
  /** A hidden layer on top of the violence head (units 0 = linear only). */
  hidden: { units: number; epochs: number; learningRate: number; l2: number };
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = {
  seed: 20261124,
  epochs: 8,
  learningRate: 0.3,
  l2: 3e-5,
  features: DEFAULT_FEATURES,
  perTemplate: 12,
  trickRate: 0.15,
  positiveWeight: [1, 1],
  hidden: { units: 0, epochs: 4, learningRate: 0.05, l2: 1e-4 },
};

export interface Corpus {
  train: LabelledText[];
  heldout: LabelledText[];
}

/** Every source that may train (datasets/README.md): never CyberAgressionAdo, HatEval, the Gab Hate Corpus or XLM-T, which are evaluation only. */
export function gatherCorpus(datasetsDir: string, templatesDir: string, settings: TrainSettings): Corpus {
  const external = [
    ...loadEdos(datasetsDir),
    ...loadImplicitHate(datasetsDir),
    ...loadMlma(datasetsDir),
    ...loadGermevalViolenceTraining(datasetsDir),
    ...loadEthosTraining(datasetsDir),
    ...loadGermeval2018(datasetsDir),
    ...loadToldBr(datasetsDir),
  ];
  const own: LabelledText[] = [];
  const files = readdirSync(templatesDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  files.forEach((f) => {
    own.push(
      ...expandTemplates(readTemplateFile(join(templatesDir, f)), {
        perTemplate: settings.perTemplate,
        trickRate: settings.trickRate,
        seed: templateSeed(settings.seed, f),
      }),
    );
  });
  const all = [...external, ...own];
  return { train: all.filter((x) => x.split === 'train'), heldout: all.filter((x) => x.split === 'heldout') };
}

export interface TrainReport {
  model: ModelFile;
  counts: Record<string, { n: number; violence: number; glorification: number }>;
  seconds: number;
}

export function trainModel(train: LabelledText[], settings: TrainSettings, log: (line: string) => void = () => {}): TrainReport {
  const started = performance.now();
  const counts: TrainReport['counts'] = {};
  const examples: TrainingExample[] = train.map((item) => {
    const key = `${item.source}/${item.lang}`;
    const c = counts[key] ?? { n: 0, violence: 0, glorification: 0 };
    counts[key] = c;
    c.n++;
    if (item.violence === 1) c.violence++;
    if (item.glorification === 1) c.glorification++;
    return {
      x: featurise(item.text, settings.features).vector,
      y: [item.violence ?? Number.NaN, item.glorification ?? Number.NaN],
      weight: item.weight,
    };
  });
  log(`featurised ${examples.length} examples in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const heads = trainLogistic(examples, MODEL_CATEGORIES.length, {
    dim: 1 << settings.features.bits,
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    l2: settings.l2,
    seed: settings.seed,
    positiveWeight: settings.positiveWeight,
    onEpoch: (e, loss) => log(`  epoch ${e + 1}/${settings.epochs} loss ${loss.toFixed(4)}`),
  });
  // Which form a threat takes: Tribune's template threats carry it, one head per form, one against the rest.
  const formIndex = new Map<string, number>(THREAT_FORMS.map((f, i) => [f, i]));
  const formExamples: TrainingExample[] = [];
  train.forEach((item, i) => {
    // Spelling tricks hide a form rather than make one: an obfuscated template says nothing about which form it is.
    if (item.source !== 'tribune' || (item.violence !== 1 && item.glorification !== 1) || item.pitfall === 'obfuscated') return;
    const k = formIndex.get(OLD_FORM_NAMES[item.pitfall] ?? item.pitfall);
    if (k === undefined) return;
    const ex = examples[i] as TrainingExample;
    formExamples.push({ x: foldFeatures(ex.x, FORM_BITS), y: THREAT_FORMS.map((_, j) => (j === k ? 1 : 0)), weight: 1 });
  });
  const formHeads =
    formExamples.length > 0
      ? trainLogistic(formExamples, THREAT_FORMS.length, {
          dim: 1 << FORM_BITS,
          epochs: settings.epochs,
          learningRate: settings.learningRate,
          l2: settings.l2,
          seed: settings.seed,
          positiveWeight: THREAT_FORMS.map(() => 1),
        })
      : null;
  log(`form heads: ${formExamples.length} template threats with a form`);
  const hidden =
    settings.hidden.units > 0 && heads[0]
      ? trainHidden(examples, heads[0], {
          dim: 1 << settings.features.bits,
          hidden: settings.hidden.units,
          epochs: settings.hidden.epochs,
          learningRate: settings.hidden.learningRate,
          l2: settings.hidden.l2,
          seed: settings.seed,
          positiveWeight: settings.positiveWeight[0],
          category: 0,
          onEpoch: (e, loss) => log(`  hidden epoch ${e + 1}/${settings.hidden.epochs} loss ${loss.toFixed(4)}`),
        })
      : null;
  const model: ModelFile = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    name: 'tribune-moderation',
    version: '3.1.0',
    trainedAt: new Date().toISOString().slice(0, 10),
    features: { ...settings.features, hash: 'fnv1a32' },
    categories: [...MODEL_CATEGORIES],
    heads,
    ...(hidden ? { hidden: [hidden, null] } : {}),
    ...(formHeads ? { forms: { names: [...THREAT_FORMS], bits: FORM_BITS, heads: formHeads } } : {}),
    training: {
      seed: settings.seed,
      epochs: settings.epochs,
      learningRate: settings.learningRate,
      l2: settings.l2,
      positiveWeight: settings.positiveWeight,
      hidden: settings.hidden,
      counts,
    },
  };
  return { model, counts, seconds: (performance.now() - started) / 1000 };
}
