/**
 * The frozen functional suites (moderation-data/functional/<lang>.jsonl, HateCheck style):
 * threats in every form and hard negatives beside them, one file per language, never trained on.
 * Reads whatever language files are present, reports what is wrong in them, and scores
 * screening as a poster meets it: a threat counts as caught when it is held or refused.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '../language.js';
import { type EvalItem, evaluateScreening, type Figures, type ScreeningLevel } from './evaluate.js';
import type { ModerationAction } from './thresholds.js';
import { NEGATIVE_FORMS, THREAT_FORMS } from './types.js';

export const THREAT_FORM_NAMES: readonly string[] = THREAT_FORMS;
export const NEGATIVE_FORM_NAMES: readonly string[] = NEGATIVE_FORMS;
export const SUITE_LANGUAGES: readonly string[] = LANGUAGES;
/** Issue 11's minimum per language. */
export const SUITE_MINIMUM = 150;

/** Issue 11's targets on the frozen suites and the ordinary tweets. */
export const TARGETS = {
  recall: (lang: string) => (lang === 'en' || lang === 'fr' ? 0.97 : 0.9),
  hardNegativeFalseAlarms: 0.05,
  ordinaryFalseAlarms: 0.005,
};

export type FunctionalLabel = 'violence' | 'glorification' | 'none';

export interface FunctionalItem extends EvalItem {
  label: FunctionalLabel;
  /** The threat form or hard-negative form; also the item's `pitfall` bucket. */
  form: string;
  target: string;
}

export interface FunctionalSuites {
  items: FunctionalItem[];
  /** Language codes of the files read. */
  languages: string[];
  /** Lines left out, forms or languages out of place, suites below the minimum (functional-suite.test.ts checks the rest). */
  problems: string[];
}

const LABELS = new Set(['violence', 'glorification', 'none']);

/** Every <lang>.jsonl in dir; an absent dir gives no items. */
export function readFunctionalSuites(dir: string): FunctionalSuites {
  const out: FunctionalSuites = { items: [], languages: [], problems: [] };
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const lang = file.slice(0, -'.jsonl'.length);
    out.languages.push(lang);
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    for (const [i, raw] of lines.entries()) {
      const problem = (what: string) => out.problems.push(`${file}:${i + 1}: ${what}`);
      if (raw.trim().length === 0) continue;
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(raw);
      } catch {
        problem('not JSON, left out');
        continue;
      }
      const { text, label, form, target } = r;
      if (typeof text !== 'string' || text.trim().length === 0 || typeof label !== 'string' || !LABELS.has(label)) {
        problem(`text or label (${JSON.stringify(label)}) missing or unknown, left out`);
        continue;
      }
      const f = typeof form === 'string' ? form : '(none)';
      if (!(label === 'none' ? NEGATIVE_FORM_NAMES : THREAT_FORM_NAMES).includes(f))
        problem(`form ${JSON.stringify(form)} is not a ${label === 'none' ? 'hard-negative' : 'threat'} form`);
      if (r.lang !== lang) problem(`lang ${JSON.stringify(r.lang)} in ${file}`);
      out.items.push({
        text,
        lang,
        source: `functional-${lang}`,
        pitfall: f,
        violence: label === 'violence' ? 1 : 0,
        glorification: label === 'glorification' ? 1 : 0,
        label: label as FunctionalLabel,
        form: f,
        target: typeof target === 'string' ? target : '',
      });
    }
    const mine = out.items.filter((x) => x.lang === lang);
    const threats = mine.filter((x) => x.label !== 'none').length;
    const negatives = mine.length - threats;
    if (threats < SUITE_MINIMUM || negatives < SUITE_MINIMUM)
      out.problems.push(`${file}: ${threats} threats and ${negatives} hard negatives, the issue asks for at least ${SUITE_MINIMUM} of each`);
  }
  return out;
}

export interface LevelFigures {
  /** Threats (violence and glorification items) held or refused at this level. */
  recall: number;
  /** Hard negatives held or refused at this level. */
  falseAlarmRate: number;
  overall: Figures;
  /** Per form: recall for threat forms, falseAlarmRate (= flagRate) for hard-negative forms. */
  byForm: Record<string, Figures>;
}

export interface FunctionalReport {
  lang: string;
  threats: number;
  negatives: number;
  review: LevelFigures;
  refuse: LevelFigures;
  /** What the language detector answered; accuracy is the share answering this suite's language. */
  detection: { accuracy: number; answers: Record<string, number> };
  /** Threats caught at review (obfuscated ones aside) whose form the classifier named as the suite does; NaN when it names none. */
  formAccuracy: number;
}

/** What screening did with one item: its action under the thresholds, the language and the threat form it reported. */
export interface Screened {
  action: ModerationAction;
  language: string;
  form?: string;
}

export function scoreFunctionalSuites(items: FunctionalItem[], screened: Screened[]): Record<string, FunctionalReport> {
  const out: Record<string, FunctionalReport> = {};
  for (const lang of [...new Set(items.map((x) => x.lang))]) {
    const idx = items.flatMap((x, i) => (x.lang === lang ? [i] : []));
    const mine = idx.map((i) => items[i]!);
    const actions = idx.map((i) => screened[i]?.action ?? 'publish');
    const level = (l: ScreeningLevel): LevelFigures => {
      const r = evaluateScreening(mine, actions, l);
      return { recall: r.overall.recall, falseAlarmRate: r.overall.falseAlarmRate, overall: r.overall, byForm: r.byPitfall };
    };
    const answers: Record<string, number> = {};
    for (const i of idx) {
      const a = screened[i]?.language ?? '?';
      answers[a] = (answers[a] ?? 0) + 1;
    }
    const threats = mine.filter((x) => x.label !== 'none').length;
    const named = idx.filter((i) => items[i]!.label !== 'none' && items[i]!.form !== 'obfuscated' && screened[i]?.action !== 'publish' && screened[i]?.form);
    out[lang] = {
      formAccuracy: named.length ? named.filter((i) => screened[i]!.form === items[i]!.form).length / named.length : Number.NaN,
      lang,
      threats,
      negatives: mine.length - threats,
      review: level('review'),
      refuse: level('refuse'),
      detection: { accuracy: (answers[lang] ?? 0) / mine.length, answers },
    };
  }
  return out;
}

export interface SummaryRow {
  lang: string;
  recallReview?: number;
  recallRefuse?: number;
  hardNegativeFalseAlarms?: number;
  ordinaryFalseAlarms?: number;
  detection?: number;
  /** What the detector answered, most frequent first, when it was mostly wrong. */
  detectedAs?: string;
  /** 'met', 'not met (...)' or 'not measured (...)'. */
  verdict: string;
}

/** One row per language against the targets; a target counts as met only when measured on a complete suite. */
export function summarise(functional: Record<string, FunctionalReport>, ordinaryFalseAlarms: Record<string, number>): SummaryRow[] {
  const langs = [
    ...SUITE_LANGUAGES,
    ...Object.keys(functional)
      .filter((l) => !SUITE_LANGUAGES.includes(l))
      .sort(),
  ];
  return langs.map((lang) => {
    const f = functional[lang];
    const ordinary = ordinaryFalseAlarms[lang];
    const failed: string[] = [];
    const unmeasured: string[] = [];
    if (!f) unmeasured.push('no suite');
    else {
      if (!(f.review.recall >= TARGETS.recall(lang))) failed.push('recall');
      if (!(f.review.falseAlarmRate <= TARGETS.hardNegativeFalseAlarms)) failed.push('hard-negative FA');
      if (f.threats < SUITE_MINIMUM || f.negatives < SUITE_MINIMUM) unmeasured.push('suite incomplete');
    }
    if (ordinary === undefined) unmeasured.push('no ordinary tweets');
    else if (!(ordinary <= TARGETS.ordinaryFalseAlarms)) failed.push('ordinary FA');
    const why = [failed.join(', '), unmeasured.join(', ')].filter((s) => s.length > 0).join('; ');
    const verdict = failed.length > 0 ? `not met (${why})` : unmeasured.length > 0 ? `not measured (${why})` : 'met';
    return {
      lang,
      recallReview: f?.review.recall,
      recallRefuse: f?.refuse.recall,
      hardNegativeFalseAlarms: f?.review.falseAlarmRate,
      ordinaryFalseAlarms: ordinary,
      detection: f?.detection.accuracy,
      detectedAs: f && f.detection.accuracy < 0.5 ? answerShares(f) : undefined,
      verdict,
    };
  });
}

function answerShares(r: FunctionalReport): string {
  const n = r.threats + r.negatives;
  return Object.entries(r.detection.answers)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Math.round((v / n) * 100)}%`)
    .join(', ');
}

const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '-' : (x * 100).toFixed(1));

export function formatSummary(rows: SummaryRow[]): string {
  const lines = [
    '| language | threat recall, review / refuse (%) | hard-negative FA (%) | ordinary-tweet FA (%) | detection accuracy (%) | targets |',
    '|---|---|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const target = `≥ ${pct(TARGETS.recall(r.lang))}`;
    lines.push(
      `| ${r.lang} | ${pct(r.recallReview)} / ${pct(r.recallRefuse)} (${target}) | ${pct(r.hardNegativeFalseAlarms)} | ${pct(r.ordinaryFalseAlarms)} | ${pct(r.detection)}${r.detectedAs ? ` (${r.detectedAs})` : ''} | ${r.verdict} |`,
    );
  }
  lines.push(
    '',
    `Targets: recall ≥ 97% (en, fr) or ≥ 90%, hard-negative FA ≤ ${pct(TARGETS.hardNegativeFalseAlarms)}%, ordinary FA ≤ ${pct(TARGETS.ordinaryFalseAlarms)}%, at the review threshold.`,
  );
  return lines.join('\n');
}

export function formatFunctionalReport(r: FunctionalReport): string {
  const lines = [
    `## Functional suite, ${r.lang}: ${r.threats} threats, ${r.negatives} hard negatives`,
    '',
    `Detected language: ${answerShares(r)} (accuracy ${pct(r.detection.accuracy)}%). Form named as the suite names it, for caught threats (obfuscated aside): ${pct(r.formAccuracy)}%.`,
    '',
    '| form | n | caught or flagged at review (%) | at refuse (%) |',
    '|---|---:|---:|---:|',
    `| **threats, recall** | ${r.threats} | ${pct(r.review.recall)} | ${pct(r.refuse.recall)} |`,
  ];
  const row = (form: string) => {
    const a = r.review.byForm[form];
    const b = r.refuse.byForm[form];
    if (a && b) lines.push(`| ${form} | ${a.n} | ${pct(a.flagRate)} | ${pct(b.flagRate)} |`);
  };
  const known = [...THREAT_FORM_NAMES, ...NEGATIVE_FORM_NAMES];
  const others = Object.keys(r.review.byForm).filter((f) => !known.includes(f));
  for (const f of THREAT_FORMS) row(f);
  lines.push(`| **hard negatives, false alarms** | ${r.negatives} | ${pct(r.review.falseAlarmRate)} | ${pct(r.refuse.falseAlarmRate)} |`);
  for (const f of NEGATIVE_FORMS) row(f);
  if (others.length > 0) lines.push("| *forms outside the issue's list* | | | |");
  for (const f of others.sort()) row(f);
  lines.push('');
  return lines.join('\n');
}
