/**
 * Expands Tribune's own training templates (moderation-data/templates/*.json)
 * into labelled sentences, with a fixed seed, and sprinkles spelling tricks on
 * positives and negatives alike so a trick is never itself a signal.
 */
import { readFileSync } from 'node:fs';
import { type LabelledText, SOURCE_WEIGHTS } from './datasets.js';
import { seededRandom } from './logistic.js';

interface TemplateGroup {
  /** The threat form or hard-negative form (moderation-data/templates/README.md); older files name it `pitfall`. */
  form?: string;
  pitfall?: string;
  violence: number | null;
  glorification: number | null;
  bind?: Record<string, string>;
  /** Overrides ExpandOptions.perTemplate for this group. */
  perTemplate?: number;
  templates: string[];
}

export interface TemplateFile {
  /** ISO 639-1: en, fr, de, es, it, pt, nl, pl. */
  language: string;
  slots: Record<string, string[]>;
  groups: TemplateGroup[];
}

/**
 * The expansion seed of one template file: from its name, so adding a file does not change what the others expand
 * to (en.json and fr.json keep the seeds they had when they were the only two).
 */
export function templateSeed(base: number, fileName: string): number {
  const historic: Record<string, number> = { 'en.json': 0, 'fr.json': 1 };
  let h = 2166136261;
  for (let i = 0; i < fileName.length; i++) h = Math.imul(h ^ fileName.charCodeAt(i), 16777619);
  return base + (historic[fileName] ?? 2 + ((h >>> 0) % 100_000));
}

export function readTemplateFile(path: string): TemplateFile {
  return JSON.parse(readFileSync(path, 'utf8')) as TemplateFile;
}

const SLOT_RE = /\{([a-z_0-9]+)\}/g;

function expand(template: string, file: TemplateFile, bind: Record<string, string>, rand: () => number, depth = 0): string {
  if (depth > 4) return template;
  return template.replace(SLOT_RE, (_m, name: string) => {
    const slotName = bind[name] ?? name;
    const values = file.slots[slotName];
    if (!values || values.length === 0) throw new Error(`template slot {${name}} has no values (${file.language})`);
    const pick = values[Math.floor(rand() * values.length)] as string;
    return expand(pick, file, bind, rand, depth + 1);
  });
}

const LEET: Record<string, string> = { o: '0', i: '1', e: '3', a: '4', s: '5', t: '7' };

/** One spelling trick on one word: the kind people use to slip past filters. */
function trick(text: string, rand: () => number): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 4 && /^[\p{L}']+$/u.test(w));
  if (candidates.length === 0) return text;
  const [word, at] = candidates[Math.floor(rand() * candidates.length)] as readonly [string, number];
  const kind = Math.floor(rand() * 9);
  let out = word;
  const chars = [...word];
  const at2 = 1 + Math.floor(rand() * (chars.length - 2));
  if (kind === 0) out = chars.map((c) => (rand() < 0.6 ? (LEET[c] ?? c) : c)).join('');
  else if (kind === 1) out = chars.join(' ');
  else if (kind === 2) out = word.replace(/([aeiouy])/, '$1$1$1$1');
  else if (kind === 3) return text.toUpperCase();
  else if (kind === 4) return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  else if (kind === 5) out = chars.join('.');
  // Typos as people make them, or as they slip past filters: two letters swapped, a letter dropped.
  else if (kind === 6) out = [...chars.slice(0, at2), chars[at2 + 1] ?? '', chars[at2] ?? '', ...chars.slice(at2 + 2)].join('');
  else if (kind === 7) out = [...chars.slice(0, at2), ...chars.slice(at2 + 1)].join('');
  // Words run together: the word joins the next one.
  else if (at + 1 < words.length) {
    words.splice(at, 2, `${word}${words[at + 1]}`);
    return words.join(' ');
  }
  words[at] = out;
  return words.join(' ');
}

export interface ExpandOptions {
  perTemplate: number;
  trickRate: number;
  seed: number;
}

export function expandTemplates(file: TemplateFile, opts: ExpandOptions): LabelledText[] {
  const rand = seededRandom(opts.seed);
  const out: LabelledText[] = [];
  const seen = new Set<string>();
  for (const group of file.groups) {
    for (const template of group.templates) {
      // Templates without slots yield one sentence; others up to perTemplate distinct fills.
      const per = group.perTemplate ?? opts.perTemplate;
      const tries = SLOT_RE.test(template) ? per * 3 : 1;
      SLOT_RE.lastIndex = 0;
      let made = 0;
      for (let t = 0; t < tries && made < per; t++) {
        let text = expand(template, file, group.bind ?? {}, rand)
          .replace(/\s+/g, ' ')
          .trim();
        if (rand() < opts.trickRate) text = trick(text, rand);
        if (seen.has(text)) continue;
        seen.add(text);
        made++;
        out.push({
          text,
          lang: file.language,
          source: 'tribune',
          pitfall: group.form ?? group.pitfall ?? 'unnamed',
          split: 'train',
          violence: group.violence,
          glorification: group.glorification,
          weight: group.violence === 1 || group.glorification === 1 ? SOURCE_WEIGHTS.tribune : SOURCE_WEIGHTS.tribuneNegative,
          template,
        });
      }
    }
  }
  return out;
}
