/**
 * npm run eval:moderation: figures for the shipped model on data it never
 * trained on: (a) held-out split of the training sources, (b) CyberAgressionAdo
 * (French, evaluation only, read in place and skipped when absent), (c) Tribune's
 * hand-written held-out pitfall set.
 * Options: --datasets DIR, --model FILE, --review N (violence review threshold), --json FILE.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type EvalReport, type Figures, formatReport } from '../src/moderation/classifier/evaluate.js';
import { findDatasetsDir, runEvaluationSuite } from '../src/moderation/classifier/evaluation-suite.js';
import { featurise } from '../src/moderation/classifier/features.js';
import { SHIPPED_MODEL_PATH, ShippedClassifier } from '../src/moderation/classifier/shipped-classifier.js';
import { DEFAULT_THRESHOLDS } from '../src/moderation/classifier/thresholds.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const classifier = ShippedClassifier.fromFile(arg('model') ?? SHIPPED_MODEL_PATH);
const review = arg('review');
const thresholds = review ? { ...DEFAULT_THRESHOLDS, violence: { ...DEFAULT_THRESHOLDS.violence, review: Number(review) } } : DEFAULT_THRESHOLDS;
const started = performance.now();
const r = runEvaluationSuite((t) => classifier.classify(t).categories, { repoRoot, datasetsDir: findDatasetsDir(repoRoot, arg('datasets')), thresholds });

// Same data at the refuse threshold, and a keyword baseline (any violent word = flagged) for scale.
const atRefuse = runEvaluationSuite((t) => classifier.classify(t).categories, {
  repoRoot,
  datasetsDir: findDatasetsDir(repoRoot, arg('datasets')),
  thresholds: { ...thresholds, violence: { review: thresholds.violence.refuse, refuse: thresholds.violence.refuse } },
});
const keyword = runEvaluationSuite((t) => ({ violence: featurise(t).cues.violent > 0 ? 1 : 0, glorification: 0 }), {
  repoRoot,
  datasetsDir: findDatasetsDir(repoRoot, arg('datasets')),
  thresholds,
});
const pct = (x: number) => (Number.isNaN(x) ? '-' : (x * 100).toFixed(1));
const cell = (f: Figures | undefined) => (f ? `${pct(f.precision)} / ${pct(f.recall)} / ${pct(f.f1)}` : '-');
const summary = [
  '## Summary: violence, precision / recall / F1 (%)',
  '',
  `| set | model, review ≥ ${thresholds.violence.review} | model, refuse ≥ ${thresholds.violence.refuse} | keyword baseline |`,
  '|---|---|---|---|',
];
const rows: [string, (x: typeof r) => EvalReport | undefined, string | null][] = [
  ['(c) pitfalls, English', (x) => x.pitfallsViolence, 'en'],
  ['(c) pitfalls, French', (x) => x.pitfallsViolence, 'fr'],
  ['(a) held-out sources, English', (x) => x.heldoutViolence, 'en'],
  ['(b) CyberAgressionAdo, French', (x) => x.cyberViolence, 'fr'],
];
for (const [name, pick, lang] of rows) {
  const f = (x: typeof r) => {
    const rep = pick(x);
    return rep ? (lang ? rep.byLanguage[lang] : rep.overall) : undefined;
  };
  if (pick(r)) summary.push(`| ${name} | ${cell(f(r))} | ${cell(f(atRefuse))} | ${cell(f(keyword))} |`);
}
summary.push('');
const out = [`# ${classifier.name} ${classifier.version}: evaluation (flagged = score ≥ review threshold)`, '', ...summary];
out.push(formatReport('(c) Tribune hand-written held-out pitfall set', r.pitfallsViolence));
out.push(formatReport('(c) Tribune hand-written held-out pitfall set', r.pitfallsGlorification));
if (r.heldoutViolence) out.push(formatReport('(a) held-out split of the training sources: EDOS dev, 15% of implicit-hate and MLMA', r.heldoutViolence));
if (r.cyberViolence) out.push(formatReport('(b) CyberAgressionAdo-Large, French, evaluation only (THR = threat)', r.cyberViolence));
for (const s of r.skipped) out.push(`skipped: ${s}`);
out.push(`\nevaluated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(out.join('\n'));
const json = arg('json');
if (json) writeFileSync(json, JSON.stringify(r, null, 2));
