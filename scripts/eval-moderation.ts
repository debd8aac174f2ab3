/**
 * npm run eval:moderation: figures for the shipped model on data it never
 * trained on: (a) held-out split of the training sources, (b) CyberAgressionAdo
 * (French, evaluation only, read in place and skipped when absent), (c) Tribune's
 * hand-written held-out pitfall set. Options: --datasets DIR, --model FILE, --json FILE.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCyberAgressionAdo } from '../src/moderation/classifier/datasets.js';
import { type EvalReport, evaluateCategory, formatReport, readPitfallSet, scoreAll } from '../src/moderation/classifier/evaluate.js';
import { DEFAULT_THRESHOLDS } from '../src/moderation/classifier/thresholds.js';
import { SHIPPED_MODEL_PATH, ShippedClassifier } from '../src/moderation/classifier/shipped-classifier.js';
import { DEFAULT_TRAIN_SETTINGS, gatherCorpus } from '../src/moderation/classifier/train.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const datasets = [arg('datasets'), process.env.TRIBUNE_DATASETS_DIR, resolve('../shared/datasets'), '/work/shared/datasets'].find(
  (c): c is string => !!c && existsSync(c),
);
const classifier = ShippedClassifier.fromFile(arg('model') ?? SHIPPED_MODEL_PATH);
const score = (t: string) => classifier.classify(t).categories;
const thresholds = DEFAULT_THRESHOLDS;
const reports: Record<string, EvalReport> = {};
const out: string[] = [`# ${classifier.name} ${classifier.version}: evaluation`, ''];

const pitfalls = readPitfallSet('moderation-data/heldout/pitfalls.jsonl');
const pitScores = scoreAll(pitfalls, score);
reports.pitfallsViolence = evaluateCategory(pitfalls, pitScores, 'violence', thresholds.violence.review);
reports.pitfallsGlorification = evaluateCategory(pitfalls, pitScores, 'glorification', thresholds.glorification.review);
out.push(formatReport('(c) Tribune held-out pitfall set', reports.pitfallsViolence));
out.push(formatReport('(c) Tribune held-out pitfall set', reports.pitfallsGlorification));

if (datasets) {
  const corpus = gatherCorpus(datasets, 'moderation-data/templates', DEFAULT_TRAIN_SETTINGS);
  const held = corpus.heldout;
  reports.heldoutViolence = evaluateCategory(held, scoreAll(held, score), 'violence', thresholds.violence.review);
  out.push(formatReport('(a) held-out split of the training sources (EDOS dev, 15% of implicit-hate and MLMA)', reports.heldoutViolence));
  const cyber = loadCyberAgressionAdo(datasets);
  if (cyber) {
    reports.cyberViolence = evaluateCategory(cyber, scoreAll(cyber, score), 'violence', thresholds.violence.review);
    out.push(formatReport('(b) CyberAgressionAdo-Large, French, evaluation only (THR = threat)', reports.cyberViolence));
  } else out.push('(b) CyberAgressionAdo-Large not found: skipped.\n');
} else out.push('(a, b) shared/datasets not found: only the pitfall set was evaluated.\n');

console.log(out.join('\n'));
const json = arg('json');
if (json) writeFileSync(json, JSON.stringify(reports, null, 2));
