/**
 * Reading the labelled sources in shared/datasets into one shape, with the
 * label mapping each SOURCE.md calls for, and a fixed train / held-out split.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTable } from './csv.js';

/** How much each kind of source example counts in training. */
export const SOURCE_WEIGHTS = {
  // Real threats are scarce next to the templates.
  edosThreat: 3,
  edosNegative: 1,
  implicitThreat: 1,
  implicitNegative: 0.5,
  mlma: 0.7,
  /** Tribune's own template sentences. */
  tribune: 1,
};

export interface LabelledText {
  text: string;
  lang: string;
  /** Where it comes from: edos, implicit-hate, mlma, tribune, cyberagressionado. */
  source: string;
  /** The bucket figures are reported in (pitfall or source category). */
  pitfall: string;
  split: 'train' | 'heldout';
  /** 1, 0 or null when the source says nothing about the category. */
  violence: number | null;
  glorification: number | null;
  weight: number;
}

// Screens negatives that may hide an unlabelled threat (EDOS only labels threats against women).
const VIOLENT_WORDS_EN =
  /\b(kill|murder|shoot|shot|stab|hang|hanged|lynch|rape|beat|punch|slap|burn|bomb|die|dead|death|gun|knife|bullet|execut|slaughter|massacre|exterminat|hurt|harm|strangl|chok|behead|tortur|gas the|wipe out|rope)\w*/i;
const VIOLENT_WORDS_FR =
  /\b(tu(er|é|e|ez|ons|erai)|but(er|é|e)|crev|égorg|egorg|poignard|frapp|tabass|massacr|extermin|brul|brûl|pend|fusill|abatt|étrangl|etrangl|flingu|viol|mort|balle|couteau|gaz(er|é))\w*/i;

export function mentionsViolence(text: string): boolean {
  return VIOLENT_WORDS_EN.test(text) || VIOLENT_WORDS_FR.test(text);
}

/** A stable split from the text itself, so re-runs and machines agree. */
export function heldOutByHash(text: string, percent: number): boolean {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 100 < percent;
}

const HELD_OUT_PERCENT = 15;

export function loadEdos(dir: string): LabelledText[] {
  const rows = parseTable(readFileSync(join(dir, 'edos', 'edos_train_dev.csv'), 'utf8'));
  const out: LabelledText[] = [];
  for (const r of rows) {
    const text = r.text ?? '';
    const cat = r.label_category ?? '';
    const split = r.split === 'dev' ? 'heldout' : 'train';
    if (cat.startsWith('1.')) {
      out.push({ text, lang: 'en', source: 'edos', pitfall: 'edos-threat', split, violence: 1, glorification: 0, weight: SOURCE_WEIGHTS.edosThreat });
    } else if (/^[234]\./.test(cat)) {
      out.push({ text, lang: 'en', source: 'edos', pitfall: 'edos-abusive', split, violence: 0, glorification: 0, weight: SOURCE_WEIGHTS.edosNegative });
    } else if (!mentionsViolence(text)) {
      // Not-sexist posts are negatives only when they carry no violent word.
      out.push({ text, lang: 'en', source: 'edos', pitfall: 'edos-other', split, violence: 0, glorification: 0, weight: SOURCE_WEIGHTS.edosNegative });
    }
  }
  return out;
}

export function loadImplicitHate(dir: string): LabelledText[] {
  const base = join(dir, 'implicit-hate');
  const stage2 = parseTable(readFileSync(join(base, 'implicit_hate_v1_stg2_posts.tsv'), 'utf8'), '\t');
  const stage1 = parseTable(readFileSync(join(base, 'implicit_hate_v1_stg1_posts.tsv'), 'utf8'), '\t');
  const seen = new Set<string>();
  const out: LabelledText[] = [];
  const add = (text: string, pitfall: string, violence: number, weight: number) => {
    const clean = text.replace(/""/g, '"').trim();
    if (clean.length < 3 || seen.has(clean)) return;
    seen.add(clean);
    const split = heldOutByHash(clean, HELD_OUT_PERCENT) ? 'heldout' : 'train';
    out.push({ text: clean, lang: 'en', source: 'implicit-hate', pitfall, split, violence, glorification: 0, weight });
  };
  for (const r of stage2) {
    const cls = r.implicit_class ?? '';
    const post = r.post ?? '';
    const violent = mentionsViolence(post);
    // "threatening" is noisy (deportation, "they don't deserve benefits"): keep only posts with violent words, at half weight.
    if (cls === 'threatening') {
      if (violent) add(post, 'ih-threatening', 1, SOURCE_WEIGHTS.implicitThreat);
    } else if (!violent) add(post, cls === 'incitement' ? 'ih-incitement' : 'ih-implicit', 0, SOURCE_WEIGHTS.implicitNegative);
  }
  for (const r of stage1) {
    const cls = r.class ?? '';
    const post = r.post ?? '';
    if (cls === 'implicit_hate' || mentionsViolence(post)) continue;
    add(post, cls === 'explicit_hate' ? 'ih-explicit' : 'ih-not-hate', 0, SOURCE_WEIGHTS.implicitNegative);
  }
  return out;
}

export function loadMlma(dir: string): LabelledText[] {
  const out: LabelledText[] = [];
  const files: [string, 'en' | 'fr'][] = [
    ['fr_dataset.csv', 'fr'],
    ['en_dataset_with_stop_words.csv', 'en'],
  ];
  for (const [file, lang] of files) {
    const rows = parseTable(readFileSync(join(dir, 'mlma', file), 'utf8'));
    for (const r of rows) {
      const text = r.tweet ?? '';
      // No threat label in MLMA: posts with violent words are left out rather than guessed.
      if (text.length < 3 || mentionsViolence(text)) continue;
      const normal = r.sentiment === 'normal';
      const split = heldOutByHash(text, HELD_OUT_PERCENT) ? 'heldout' : 'train';
      out.push({
        text,
        lang,
        source: 'mlma',
        pitfall: normal ? 'mlma-normal' : 'mlma-abusive',
        split,
        violence: 0,
        glorification: 0,
        weight: SOURCE_WEIGHTS.mlma,
      });
    }
  }
  return out;
}

/**
 * CyberAgressionAdo-Large: evaluation only (CC BY-NC 4.0). Read at eval time from
 * shared/datasets, never copied into the repository, never used to train.
 */
export function loadCyberAgressionAdo(dir: string): LabelledText[] | null {
  const file = join(dir, 'cyberagressionado-large', 'cyberagressionado_large_majority_vote.csv');
  if (!existsSync(file)) return null;
  const rows = parseTable(readFileSync(file, 'utf8'));
  return rows
    .filter((r) => (r.TEXT ?? '').trim().length > 0)
    .map((r) => {
      const thr = r.VERBAL_ABUSE === 'THR';
      const pitfall = thr
        ? r.HATE === 'CAG'
          ? 'cyber-thr-veiled'
          : 'cyber-thr-overt'
        : r.VERBAL_ABUSE === 'NULL'
          ? 'cyber-not-aggressive'
          : 'cyber-other-aggression';
      return {
        text: r.TEXT ?? '',
        lang: 'fr' as const,
        // Whole conversations go to one side: "dev" scenarios may be inspected while tuning, "test" ones are not.
        source: heldOutByHash(r.scenario ?? '', 50) ? 'cyberagressionado-dev' : 'cyberagressionado-test',
        pitfall,
        split: 'heldout' as const,
        violence: thr ? 1 : 0,
        glorification: null,
        weight: 1,
      };
    });
}
