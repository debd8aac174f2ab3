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
  /** GermEval 2026 violence (German, GPL-3.0): the only real German threat and glorification labels. */
  germevalViolence: 2,
  germevalOther: 1,
  /** ETHOS (English, GPL-3.0) violence ≥ 0.5. */
  ethosViolence: 2,
  ethosOther: 1,
  /** GermEval 2018 (German, CC BY 4.0) and ToLD-Br (Portuguese, CC BY-SA 4.0): abusive and ordinary posts, no threat label. */
  germeval2018: 0.7,
  toldBr: 0.5,
  /** Tribune's own template sentences: threats, and the hard negatives and ordinary posts beside them. */
  tribune: 1,
  tribuneNegative: 2,
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
  /** For Tribune's own sentences: the template it was expanded from (validation holds out whole templates). */
  template?: string;
}

// Screens negatives that may hide an unlabelled threat (EDOS only labels threats against women).
const VIOLENT_WORDS_EN =
  /\b(kill|murder|shoot|shot|stab|hang|hanged|lynch|rape|beat|punch|slap|burn|bomb|die|dead|death|gun|knife|bullet|execut|slaughter|massacre|exterminat|hurt|harm|strangl|chok|behead|tortur|gas the|wipe out|rope)\w*/i;
const VIOLENT_WORDS_FR =
  /\b(tu(er|é|e|ez|ons|erai)|but(er|é|e)|crev|égorg|egorg|poignard|frapp|tabass|massacr|extermin|brul|brûl|pend|fusill|abatt|étrangl|etrangl|flingu|viol|mort|balle|couteau|gaz(er|é))\w*/i;

const VIOLENT_WORDS_DE =
  /(töt|toet|umbring|umgebracht|erschie|erschoss|abstech|abgestoch|aufhäng|aufgehäng|erhäng|vergas|abknall|hinricht|erschlag|abschlacht|ermord|mord|\btot\b|\bkill|bomb|spreng|verbrenn|abfackel|anzünd|lynch|messer|waffe|knarre|kugel|blut|massaker|vernicht|ausrott|an die wand|aufknüpf|galgen|prügel|verprügel|zusammenschlag|abmurks|kalt ?mach)/i;
const VIOLENT_WORDS_PT =
  /\b(mat(ar|a|o|em|ou|ei|ando|em)\b|morr|mort|assassin|tiro|bala|faca|enforc|queim|esfaqu|bomb|linch|espanc|fuzil|degol|extermin|execut|metralh|chacin|massacr|porrada|surra|sangue|arma)\w*/i;

export function mentionsViolence(text: string): boolean {
  return VIOLENT_WORDS_EN.test(text) || VIOLENT_WORDS_FR.test(text) || VIOLENT_WORDS_DE.test(text) || VIOLENT_WORDS_PT.test(text);
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
/** The share of GermEval-violence and ETHOS kept out of training and scored by `npm run eval:moderation`. */
export const REAL_SET_HELD_OUT_PERCENT = 25;
const realSplit = (text: string): 'train' | 'heldout' => (heldOutByHash(`real:${text}`, REAL_SET_HELD_OUT_PERCENT) ? 'heldout' : 'train');

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

/**
 * A post from a set with no threat label, as a negative of both categories: left out (null) when it is too short or
 * holds a violent word (an unlabelled threat may hide there), held out by a hash of its text.
 */
function unlabelledNegative(text: string, lang: string, source: string, pitfall: string, weight: number): LabelledText | null {
  if (text.length < 3 || mentionsViolence(text)) return null;
  const split = heldOutByHash(text, HELD_OUT_PERCENT) ? 'heldout' : 'train';
  return { text, lang, source, pitfall, split, violence: 0, glorification: 0, weight };
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
      // No threat label in MLMA: posts with violent words are left out rather than guessed.
      const item = unlabelledNegative(r.tweet ?? '', lang, 'mlma', r.sentiment === 'normal' ? 'mlma-normal' : 'mlma-abusive', SOURCE_WEIGHTS.mlma);
      if (item) out.push(item);
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

/** GermEval 2026 violence (GPL-3.0, may train Tribune's AGPL model): German violence and glorification labels. */
export function loadGermevalViolenceTraining(dir: string): LabelledText[] {
  const file = join(dir, 'germeval-violence', 'vio_train_26.csv');
  if (!existsSync(file)) return [];
  return parseTable(readFileSync(file, 'utf8'), ';')
    .filter((r) => (r.description ?? '').trim().length > 0)
    .map((r) => {
      const text = r.description ?? '';
      const { violence, glorification } = germevalLabels(r.vio ?? '');
      const positive = violence === 1 || glorification === 1;
      return {
        text,
        lang: 'de',
        source: 'germeval-violence',
        pitfall: `gv-${r.vio ?? ''}`,
        split: realSplit(text),
        violence,
        glorification,
        weight: positive ? SOURCE_WEIGHTS.germevalViolence : SOURCE_WEIGHTS.germevalOther,
      };
    });
}

/** GermEval violence classes as datasets/README.md maps them: each category leaves the other's positives out. */
export function germevalLabels(vio: string): { violence: number | null; glorification: number | null } {
  const glor = vio === 'support' || vio === 'glorification';
  const viol = vio === 'call2violence' || vio === 'prospensity' || vio === 'other';
  return { violence: glor ? null : viol ? 1 : 0, glorification: viol ? null : glor ? 1 : 0 };
}

/** ETHOS (GPL-3.0): violence share ≥ 0.5 is a threat; the binary set's not-hate comments are negatives. */
export function loadEthosTraining(dir: string): LabelledText[] {
  const multi = join(dir, 'ethos', 'Ethos_Dataset_Multi_Label.csv');
  const binary = join(dir, 'ethos', 'Ethos_Dataset_Binary.csv');
  if (!existsSync(multi) || !existsSync(binary)) return [];
  const out = new Map<string, LabelledText>();
  const add = (text: string, violent: boolean, pitfall: string) =>
    out.set(text, {
      text,
      lang: 'en',
      source: 'ethos',
      pitfall,
      split: realSplit(text),
      violence: violent ? 1 : 0,
      glorification: 0,
      weight: violent ? SOURCE_WEIGHTS.ethosViolence : SOURCE_WEIGHTS.ethosOther,
    });
  for (const r of parseTable(readFileSync(multi, 'utf8'), ';')) {
    const text = r.comment ?? '';
    const violent = Number(r.violence) >= 0.5;
    // Hate below the violence line may still hold a threat the annotators split on: only clean negatives train.
    if (violent) add(text, true, 'ethos-violence');
    else if (Number(r.violence) === 0 && !mentionsViolence(text)) add(text, false, 'ethos-hate');
  }
  for (const r of parseTable(readFileSync(binary, 'utf8'), ';')) {
    const text = r.comment ?? '';
    if (Number(r.isHate) < 0.5 && !out.has(text) && !mentionsViolence(text)) add(text, false, 'ethos-not-hate');
  }
  return [...out.values()].filter((x) => x.text.trim().length > 0);
}

/** GermEval 2018 (CC BY 4.0): German offensive and ordinary tweets, no threat label; posts with violent words left out. */
export function loadGermeval2018(dir: string): LabelledText[] {
  const out: LabelledText[] = [];
  for (const file of ['germeval2018.training.txt', 'germeval2018.test.txt']) {
    const path = join(dir, 'germeval2018', file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
      const [raw, coarse] = line.split('\t');
      const text = (raw ?? '').replace(/\|LBR\|/g, ' ').trim();
      const item = unlabelledNegative(text, 'de', 'germeval2018', coarse === 'OFFENSE' ? 'ge18-offense' : 'ge18-other', SOURCE_WEIGHTS.germeval2018);
      if (item) out.push(item);
    }
  }
  return out;
}

/** ToLD-Br (CC BY-SA 4.0): Brazilian Portuguese toxic and ordinary tweets, no threat label; violent words left out. */
export function loadToldBr(dir: string): LabelledText[] {
  const path = join(dir, 'told-br', 'ToLD-BR.csv');
  if (!existsSync(path)) return [];
  const out: LabelledText[] = [];
  for (const r of parseTable(readFileSync(path, 'utf8'))) {
    const toxic = ['homophobia', 'obscene', 'insult', 'racism', 'misogyny', 'xenophobia'].some((k) => Number(r[k]) > 0);
    const item = unlabelledNegative((r.text ?? '').trim(), 'pt', 'told-br', toxic ? 'told-toxic' : 'told-clean', SOURCE_WEIGHTS.toldBr);
    if (item) out.push(item);
  }
  return out;
}
