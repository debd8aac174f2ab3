/**
 * npm run train:moderation: rebuild models/moderation-v3.json from the labelled
 * data sets and Tribune's own templates. Reproducible: fixed seed, no network.
 * Options: --datasets DIR (default ../shared/datasets or /work/shared/datasets), --out FILE.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeModel } from '../src/moderation/classifier/model-file.js';
import { DEFAULT_TRAIN_SETTINGS, gatherCorpus, trainModel } from '../src/moderation/classifier/train.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function defaultDatasetsDir(): string {
  const candidates = [arg('datasets'), process.env.TRIBUNE_DATASETS_DIR, resolve('../shared/datasets'), '/work/shared/datasets'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? '/work/shared/datasets';
}

const datasets = defaultDatasetsDir();
const out = arg('out') ?? 'models/moderation-v3.json';
const settings = DEFAULT_TRAIN_SETTINGS;
console.log(`datasets: ${datasets}`);
const corpus = gatherCorpus(datasets, 'moderation-data/templates', settings);
console.log(`training on ${corpus.train.length} texts (held out: ${corpus.heldout.length})`);
const report = trainModel(corpus.train, settings, (l) => console.log(l));
for (const [k, c] of Object.entries(report.counts)) console.log(`  ${k.padEnd(20)} n=${c.n} violence+=${c.violence} glorification+=${c.glorification}`);
writeModel(out, report.model);
console.log(`wrote ${out} in ${report.seconds.toFixed(1)} s`);
