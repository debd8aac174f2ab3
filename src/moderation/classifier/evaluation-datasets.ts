/**
 * The labelled sets in shared/datasets that the model is measured on and never
 * trained on, read in place (several are non-commercial or unverified: they must
 * not be copied into the repository). Each loader returns null when its files are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTable } from './csv.js';
import { germevalLabels, heldOutByHash, REAL_SET_HELD_OUT_PERCENT } from './datasets.js';
import type { EvalItem } from './evaluate.js';

// GermEval-violence and ETHOS also train the model: only the part kept out of training (the same hash) is scored.
const heldOut = (text: string) => heldOutByHash(`real:${text}`, REAL_SET_HELD_OUT_PERCENT);

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

/** Tab-separated lines with no quoting (HatEval, GHC): a CSV parser merges lines there; wrapping quotes are stripped by hand. */
function plainTsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l.length > 0);
  const keys = header?.split('\t') ?? [];
  const unquote = (f: string) => (f.length > 1 && f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f);
  return lines.map((l) => {
    const fields = l.split('\t');
    return Object.fromEntries(keys.map((k, i) => [k, unquote(fields[i] ?? '')]));
  });
}

/**
 * GermEval 2026 violence (German, GPL-3.0): call2violence, prospensity and other are violence
 * (as datasets/README.md maps them), support and glorification are glorification, nothing is neither.
 * Each category leaves the other's positives out (null), as the pitfall set does.
 */
export function loadGermevalViolence(dir: string): EvalItem[] | null {
  const text = read(join(dir, 'germeval-violence', 'vio_train_26.csv'));
  if (text === null) return null;
  return parseTable(text, ';')
    .filter((r) => (r.description ?? '').trim().length > 0 && heldOut(r.description ?? ''))
    .map((r) => ({ text: r.description ?? '', lang: 'de', source: 'germeval-violence', pitfall: `gv-${r.vio ?? ''}`, ...germevalLabels(r.vio ?? '') }));
}

/** Gab Hate Corpus, train and test (English, licence unverified: evaluation only): cv = violence. */
export function loadGabHateCorpus(dir: string): EvalItem[] | null {
  const items: EvalItem[] = [];
  for (const split of ['train', 'test']) {
    const text = read(join(dir, 'gab-hate-corpus', `ghc_${split}.tsv`));
    if (text === null) return null;
    for (const r of plainTsv(text)) {
      const cv = r.cv === '1';
      const pitfall = cv ? 'ghc-cv' : r.hd === '1' ? 'ghc-hd' : r.vo === '1' ? 'ghc-vo' : 'ghc-none';
      items.push({ text: r.text ?? '', lang: 'en', source: `ghc-${split}`, pitfall, violence: cv ? 1 : 0, glorification: null });
    }
  }
  return items;
}

/**
 * HatEval 2019, train and dev (English and Spanish, CC BY-NC: evaluation only). AG ("aggressive")
 * stands in for violence but is much broader (aggressive insults, slogans): a proxy, not a threat label.
 */
export function loadHatEval(dir: string): EvalItem[] | null {
  const items: EvalItem[] = [];
  for (const lang of ['en', 'es']) {
    for (const split of ['train', 'dev']) {
      const text = read(join(dir, 'hateval2019', `${split}_${lang}.tsv`));
      if (text === null) return null;
      for (const r of plainTsv(text)) {
        const ag = r.AG === '1';
        const pitfall = ag ? 'hateval-ag' : r.HS === '1' ? 'hateval-hs-not-ag' : 'hateval-not-hs';
        items.push({ text: r.text ?? '', lang, source: 'hateval2019', pitfall, violence: ag ? 1 : 0, glorification: null });
      }
    }
  }
  return items;
}

/**
 * ETHOS (English, GPL-3.0): violence is labelled only on the hateful comments (violence share ≥ 0.5);
 * comments that most annotators found not hateful are negatives; hateful ones missing from the
 * multi-label file have no violence label and are left out.
 */
export function loadEthos(dir: string): EvalItem[] | null {
  const multi = read(join(dir, 'ethos', 'Ethos_Dataset_Multi_Label.csv'));
  const binary = read(join(dir, 'ethos', 'Ethos_Dataset_Binary.csv'));
  if (multi === null || binary === null) return null;
  const items = new Map<string, EvalItem>();
  for (const r of parseTable(multi, ';')) {
    const v = Number(r.violence) >= 0.5;
    const text = r.comment ?? '';
    items.set(text, { text, lang: 'en', source: 'ethos', pitfall: v ? 'ethos-violence' : 'ethos-hate', violence: v ? 1 : 0, glorification: null });
  }
  for (const r of parseTable(binary, ';')) {
    const text = r.comment ?? '';
    if (Number(r.isHate) < 0.5 && !items.has(text))
      items.set(text, { text, lang: 'en', source: 'ethos', pitfall: 'ethos-not-hate', violence: 0, glorification: null });
  }
  return [...items.values()].filter((x) => x.text.trim().length > 0 && heldOut(x.text));
}

const XLMT_LANGUAGES: Record<string, string> = {
  en: 'english',
  fr: 'french',
  de: 'german',
  es: 'spanish',
  it: 'italian',
  pt: 'portuguese',
};
const SENTIMENT = ['negative', 'neutral', 'positive'];

/**
 * XLM-T sentiment tweets, all splits (evaluation only): ordinary posts, none of them a threat,
 * for the false-alarm rate per language. Bucketed by sentiment: angry tweets are the hard ones.
 */
export function loadXlmtSentiment(dir: string): EvalItem[] | null {
  const items: EvalItem[] = [];
  for (const [lang, folder] of Object.entries(XLMT_LANGUAGES)) {
    for (const split of ['train', 'val', 'test']) {
      const texts = read(join(dir, 'xlm-t-sentiment', folder, `${split}_text.txt`));
      const labels = read(join(dir, 'xlm-t-sentiment', folder, `${split}_labels.txt`));
      if (texts === null || labels === null) return null;
      const l = labels.split('\n');
      texts.split('\n').forEach((text, i) => {
        if (text.trim().length === 0) return;
        const sentiment = SENTIMENT[Number(l[i])] ?? 'unknown';
        items.push({ text, lang, source: 'xlm-t-sentiment', pitfall: `tweet-${sentiment}`, violence: 0, glorification: 0 });
      });
    }
  }
  return items;
}
