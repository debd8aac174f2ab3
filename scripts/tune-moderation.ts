/**
 * npm run tune:moderation: choose training settings and the violence review
 * threshold on a VALIDATION split carved out of the training sources (20% of
 * EDOS train and of implicit-hate train, by a salted hash of the text), never on
 * the evaluation sets. Trains on the rest, prints validation F1 per threshold,
 * and the EDOS-dev and CyberAgressionAdo-dev figures at the chosen threshold.
 * Options: --settings JSON (partial TrainSettings), --weights JSON (partial SOURCE_WEIGHTS),
 * --split max|mean (also score each sentence), --ensemble max|mean (add a model trained on the
 * external sources only): the experiments in docs/moderation.md. CyberAgressionAdo's -test half is never scored here.
 */

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heldOutByHash, loadCyberAgressionAdo, SOURCE_WEIGHTS } from '../src/moderation/classifier/datasets.js';
import { evaluateCategory, scoreAll } from '../src/moderation/classifier/evaluate.js';
import { findDatasetsDir } from '../src/moderation/classifier/evaluation-suite.js';
import { ShippedClassifier } from '../src/moderation/classifier/shipped-classifier.js';
import { DEFAULT_TRAIN_SETTINGS, gatherCorpus, type TrainSettings, trainModel } from '../src/moderation/classifier/train.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const datasets = findDatasetsDir(repoRoot, arg('datasets'));
if (!datasets) throw new Error('shared/datasets not found');
Object.assign(SOURCE_WEIGHTS, JSON.parse(arg('weights') ?? '{}'));
const settings: TrainSettings = { ...DEFAULT_TRAIN_SETTINGS, ...JSON.parse(arg('settings') ?? '{}') };
const corpus = gatherCorpus(datasets, join(repoRoot, 'moderation-data', 'templates'), settings);
// A different salt from the held-out split, so validation is a fresh slice of train.
const isValidation = (t: { source: string; text: string }) =>
  (t.source === 'edos' || t.source === 'implicit-hate') && heldOutByHash(`validation:${t.text}`, 20);
const train = corpus.train.filter((t) => !isValidation(t));
const validation = corpus.train.filter(isValidation);
const report = trainModel(train, settings);
const clf = new ShippedClassifier(report.model);
// --ensemble: a second model trained on the external sources only, averaged with the first.
const ens = arg('ensemble');
const real = ens
  ? new ShippedClassifier(
      trainModel(
        train.filter((t) => t.source !== 'tribune'),
        settings,
      ).model,
    )
  : null;
const splitMode = arg('split');
const score = (t: string) => {
  const first = clf.classify(t).categories;
  const whole = real
    ? {
        ...first,
        violence: ens === 'max' ? Math.max(first.violence, real.classify(t).categories.violence) : (first.violence + real.classify(t).categories.violence) / 2,
      }
    : first;
  if (!splitMode) return whole;
  const parts = t.split(/(?<=[.!?\n])\s+/).filter((s) => s.trim().length > 0);
  if (parts.length < 2) return whole;
  let v = whole.violence;
  for (const s of parts) v = Math.max(v, clf.classify(s).categories.violence);
  return { ...whole, violence: splitMode === 'mean' ? (v + whole.violence) / 2 : v };
};
const valScores = scoreAll(validation, score);
const thresholds = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6];
let best = { t: 0.3, f1: -1 };
const line: string[] = [];
for (const t of thresholds) {
  const f = evaluateCategory(validation, valScores, 'violence', t).overall;
  line.push(`${t}:${(f.f1 * 100).toFixed(1)}`);
  if (f.f1 > best.f1) best = { t, f1: f.f1 };
}
console.log(`settings ${arg('settings') ?? '{}'} weights ${arg('weights') ?? '{}'}`);
console.log(`validation (${validation.filter((v) => v.violence === 1).length} positives / ${validation.length}) F1 by threshold: ${line.join(' ')}`);
const heldout = corpus.heldout.filter((x) => x.source === 'edos');
const cyberDev = (loadCyberAgressionAdo(datasets) ?? []).filter((x) => x.source === 'cyberagressionado-dev');
for (const t of [best.t, 0.3]) {
  const e = evaluateCategory(heldout, scoreAll(heldout, score), 'violence', t).overall;
  const c = evaluateCategory(cyberDev, scoreAll(cyberDev, score), 'violence', t).overall;
  const p = (x: number) => (x * 100).toFixed(1);
  console.log(`@${t}: edos-dev P/R/F1 ${p(e.precision)}/${p(e.recall)}/${p(e.f1)}  cyber-dev ${p(c.precision)}/${p(c.recall)}/${p(c.f1)}`);
}
