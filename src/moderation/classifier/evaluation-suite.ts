/**
 * The three evaluations behind `npm run eval:moderation` and the floor test:
 * (c) Tribune's hand-written held-out pitfall set, always; (a) the held-out split
 * of the training sources and (b) CyberAgressionAdo (evaluation only), when the
 * data sets are on this machine.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCyberAgressionAdo } from './datasets.js';
import { type EvalReport, evaluateCategory, readPitfallSet, scoreAll } from './evaluate.js';
import type { ModerationThresholds } from './thresholds.js';
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
