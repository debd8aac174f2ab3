/**
 * The evaluations behind `npm run eval:moderation`. For the floor test:
 * (c) Tribune's hand-written held-out pitfall set, always; (a) the held-out split
 * of the training sources and (b) CyberAgressionAdo (evaluation only), when the
 * data sets are on this machine. Beside them: the other real labelled sets, and
 * screening as a whole on the frozen functional suites and on ordinary tweets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCyberAgressionAdo } from './datasets.js';
import { type EvalItem, type EvalReport, evaluateCategory, evaluateScreening, readPitfallSet, type ScreeningReport, scoreAll } from './evaluate.js';
import { loadEthos, loadGabHateCorpus, loadGermevalViolence, loadHatEval, loadXlmtSentiment } from './evaluation-datasets.js';
import { type FunctionalReport, readFunctionalSuites, type SummaryRow, scoreFunctionalSuites, summarise } from './functional-suite.js';
import { decideAction, type ModerationAction, type ModerationThresholds } from './thresholds.js';
import { DEFAULT_TRAIN_SETTINGS, gatherCorpus } from './train.js';

export interface SuiteOptions {
  repoRoot: string;
  /** shared/datasets, or null when absent. */
  datasetsDir: string | null;
  thresholds: ModerationThresholds;
}

export interface SuiteResult {
  pitfallsViolence: EvalReport;
  pitfallsGlorification: EvalReport;
  heldoutViolence?: EvalReport;
  cyberViolence?: EvalReport;
  skipped: string[];
}

/** shared/datasets beside the repository (as on CI) or at /work/shared/datasets. */
export function findDatasetsDir(repoRoot: string, explicit?: string): string | null {
  const candidates = [explicit, join(repoRoot, '..', 'shared', 'datasets'), '/work/shared/datasets'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

export function runEvaluationSuite(score: (text: string) => Record<string, number>, opts: SuiteOptions): SuiteResult {
  const t = opts.thresholds;
  const review = (cat: string) => t[cat]?.review ?? 0.5;
  const pitfalls = readPitfallSet(join(opts.repoRoot, 'moderation-data', 'heldout', 'pitfalls.jsonl'));
  const pitScores = scoreAll(pitfalls, score);
  const result: SuiteResult = {
    pitfallsViolence: evaluateCategory(pitfalls, pitScores, 'violence', review('violence')),
    pitfallsGlorification: evaluateCategory(pitfalls, pitScores, 'glorification', review('glorification')),
    skipped: [],
  };
  if (!opts.datasetsDir) {
    result.skipped.push('shared/datasets not found: (a) held-out split and (b) CyberAgressionAdo skipped');
    return result;
  }
  // Only the held-out side is scored; the templates are expanded but not used here.
  const corpus = gatherCorpus(opts.datasetsDir, join(opts.repoRoot, 'moderation-data', 'templates'), DEFAULT_TRAIN_SETTINGS);
  result.heldoutViolence = evaluateCategory(corpus.heldout, scoreAll(corpus.heldout, score), 'violence', review('violence'));
  const cyber = loadCyberAgressionAdo(opts.datasetsDir);
  if (cyber) {
    result.cyberViolence = evaluateCategory(cyber, scoreAll(cyber, score), 'violence', review('violence'));
  } else result.skipped.push('CyberAgressionAdo-Large not found: (b) skipped');
  return result;
}

export interface LabelledSet {
  key: string;
  title: string;
  report: EvalReport;
}

/** The real labelled sets not used by the floor test, each per category it labels; absent sets are skipped. */
export function runLabelledSets(score: (text: string) => Record<string, number>, opts: SuiteOptions): { sets: LabelledSet[]; skipped: string[] } {
  const out = { sets: [] as LabelledSet[], skipped: [] as string[] };
  const dir = opts.datasetsDir;
  if (!dir) {
    out.skipped.push('shared/datasets not found: (d) GermEval violence, (e) Gab Hate Corpus, (f) HatEval, (g) ETHOS skipped');
    return out;
  }
  const sets: [string, string, EvalItem[] | null, ('violence' | 'glorification')[]][] = [
    [
      'germeval',
      '(d) GermEval 2026 violence, German, the 25% kept out of training (violence = call2violence, prospensity, other; glorification = support, glorification)',
      loadGermevalViolence(dir),
      ['violence', 'glorification'],
    ],
    ['ghc', '(e) Gab Hate Corpus, English, train and test (violence = cv; licence unverified, evaluation only)', loadGabHateCorpus(dir), ['violence']],
    [
      'hateval',
      '(f) HatEval 2019, English and Spanish, train and dev: AG = aggressive, a broad proxy for violence, not a threat label (evaluation only)',
      loadHatEval(dir),
      ['violence'],
    ],
    ['ethos', '(g) ETHOS, English, the 25% kept out of training (violence share ≥ 0.5)', loadEthos(dir), ['violence']],
  ];
  for (const [key, title, items, categories] of sets) {
    if (!items) {
      out.skipped.push(`${title.split(',')[0]}: files not found, skipped`);
      continue;
    }
    const scores = scoreAll(items, score);
    for (const cat of categories) {
      out.sets.push({ key: `${key}-${cat}`, title, report: evaluateCategory(items, scores, cat, opts.thresholds[cat]?.review ?? 0.5) });
    }
  }
  return out;
}

/** An ordinary tweet that screening held or refused: read them before counting them as false alarms. */
export interface FlaggedPost {
  lang: string;
  text: string;
  action: ModerationAction;
  categories: Record<string, number>;
}

export interface ScreeningSuiteResult {
  /** Per language, from moderation-data/functional/<lang>.jsonl. */
  functional: Record<string, FunctionalReport>;
  suiteProblems: string[];
  /** XLM-T sentiment tweets: nothing in them is a threat, so every flag is a false alarm. */
  ordinary?: { review: ScreeningReport; refuse: ScreeningReport; flagged: FlaggedPost[] };
  summary: SummaryRow[];
  skipped: string[];
}

/** Screening as a whole (held or refused, any category) against issue 11's targets. */
export function runScreeningSuite(
  classify: (text: string) => { categories: Record<string, number>; language: string; form?: string },
  opts: SuiteOptions,
): ScreeningSuiteResult {
  const suites = readFunctionalSuites(join(opts.repoRoot, 'moderation-data', 'functional'));
  const screened = suites.items.map((x) => {
    const r = classify(x.text);
    return { action: decideAction(r.categories, opts.thresholds), language: r.language, ...(r.form ? { form: r.form } : {}) };
  });
  const result: ScreeningSuiteResult = {
    functional: scoreFunctionalSuites(suites.items, screened),
    suiteProblems: suites.problems,
    summary: [],
    skipped: [],
  };
  if (suites.languages.length === 0)
    result.skipped.push('no functional suite in moderation-data/functional: threat recall and hard-negative false alarms not measured');
  const tweets = opts.datasetsDir ? loadXlmtSentiment(opts.datasetsDir) : null;
  if (tweets) {
    const scores = tweets.map((x) => classify(x.text).categories);
    const actions = scores.map((c) => decideAction(c, opts.thresholds));
    result.ordinary = {
      review: evaluateScreening(tweets, actions, 'review'),
      refuse: evaluateScreening(tweets, actions, 'refuse'),
      flagged: tweets.flatMap((x, i) => (actions[i] === 'publish' ? [] : [{ lang: x.lang, text: x.text, action: actions[i]!, categories: scores[i]! }])),
    };
  } else result.skipped.push('xlm-t-sentiment not found in shared/datasets: false alarms on ordinary tweets not measured');
  const ordinary = Object.fromEntries(Object.entries(result.ordinary?.review.byLanguage ?? {}).map(([l, f]) => [l, f.falseAlarmRate]));
  result.summary = summarise(result.functional, ordinary);
  return result;
}
