/**
 * Precision, recall and F1 per language and per pitfall, with confusion counts,
 * on data the model never trained on. Used by `npm run eval:moderation` and by
 * the floor test that stops a worse model from landing.
 */
import { readFileSync } from 'node:fs';
import type { LabelledText } from './datasets.js';
import type { ModerationAction } from './thresholds.js';

/** What the figures need from a labelled text: LabelledText fits, and so do the evaluation-only sets in any language. */
export interface EvalItem {
  text: string;
  lang: string;
  source: string;
  pitfall: string;
  violence: number | null;
  glorification: number | null;
}

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Figures extends Confusion {
  n: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of texts flagged: the only meaningful figure for negative-only buckets. */
  flagRate: number;
  /** Share of the negatives flagged. */
  falseAlarmRate: number;
}

export function figures(c: Confusion): Figures {
  const n = c.tp + c.fp + c.fn + c.tn;
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : Number.NaN;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : Number.NaN;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : Number.NaN;
  const falseAlarmRate = c.fp + c.tn > 0 ? c.fp / (c.fp + c.tn) : Number.NaN;
  return { ...c, n, precision, recall, f1, flagRate: n > 0 ? (c.tp + c.fp) / n : Number.NaN, falseAlarmRate };
}

export interface EvalReport {
  category: string;
  threshold: number;
  overall: Figures;
  byLanguage: Record<string, Figures>;
  byPitfall: Record<string, Figures>;
  bySource: Record<string, Figures>;
}

type Scorer = (text: string) => Record<string, number>;

function bump(table: Record<string, Confusion>, name: string, key: keyof Confusion): void {
  const c = table[name] ?? { tp: 0, fp: 0, fn: 0, tn: 0 };
  c[key]++;
  table[name] = c;
}

export function evaluateCategory(items: EvalItem[], scores: Record<string, number>[], category: 'violence' | 'glorification', threshold: number): EvalReport {
  return {
    category,
    threshold,
    ...tally(
      items,
      (item) => item[category],
      (i) => (scores[i]?.[category] ?? 0) >= threshold,
    ),
  };
}

export type ScreeningLevel = 'review' | 'refuse';
export type ScreeningReport = Omit<EvalReport, 'category' | 'threshold'>;

/**
 * Screening as a whole, as a poster meets it: a threat is labelled violence or glorification,
 * flagged is held or refused (level review) or refused (level refuse), whichever category did it.
 */
export function evaluateScreening(items: EvalItem[], actions: ModerationAction[], level: ScreeningLevel): ScreeningReport {
  const positive = (item: EvalItem) => (item.violence === null && item.glorification === null ? null : Math.max(item.violence ?? 0, item.glorification ?? 0));
  return tally(items, positive, (i) => actions[i] === 'refuse' || (level === 'review' && actions[i] === 'review'));
}

function tally(items: EvalItem[], label: (item: EvalItem) => number | null, flagged: (i: number) => boolean): ScreeningReport {
  const total: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const byLang: Record<string, Confusion> = {};
  const byPit: Record<string, Confusion> = {};
  const bySrc: Record<string, Confusion> = {};
  items.forEach((item, i) => {
    const l = label(item);
    if (l === null) return;
    const f = flagged(i);
    const key: keyof Confusion = l === 1 ? (f ? 'tp' : 'fn') : f ? 'fp' : 'tn';
    total[key]++;
    bump(byLang, item.lang, key);
    bump(byPit, item.pitfall, key);
    bump(bySrc, item.source, key);
  });
  const map = (o: Record<string, Confusion>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, figures(v)]));
  return { overall: figures(total), byLanguage: map(byLang), byPitfall: map(byPit), bySource: map(bySrc) };
}

export function scoreAll(items: EvalItem[], score: Scorer): Record<string, number>[] {
  return items.map((x) => score(x.text));
}

/** Tribune's hand-written held-out pitfall set (never used for training). */
export function readPitfallSet(path: string): LabelledText[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const r = JSON.parse(l) as { text: string; lang: 'en' | 'fr'; pitfall: string; violence: number | null; glorification: number | null };
      return { ...r, source: 'tribune-heldout', split: 'heldout' as const, weight: 1 };
    });
}

const pct = (x: number) => (Number.isNaN(x) ? '   - ' : `${(x * 100).toFixed(1).padStart(5)}`);

export function formatReport(title: string, r: EvalReport): string {
  const lines = [
    `## ${title} — ${r.category} ≥ ${r.threshold}`,
    '',
    '| bucket | n | tp | fp | fn | tn | precision | recall | F1 | flagged |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const row = (name: string, f: Figures) =>
    lines.push(`| ${name} | ${f.n} | ${f.tp} | ${f.fp} | ${f.fn} | ${f.tn} | ${pct(f.precision)} | ${pct(f.recall)} | ${pct(f.f1)} | ${pct(f.flagRate)} |`);
  row('**all**', r.overall);
  for (const [k, f] of Object.entries(r.byLanguage).sort()) row(`lang ${k}`, f);
  const sources = Object.entries(r.bySource).sort();
  if (sources.length > 1) for (const [k, f] of sources) row(`source ${k}`, f);
  for (const [k, f] of Object.entries(r.byPitfall).sort()) row(k, f);
  lines.push('');
  return lines.join('\n');
}
