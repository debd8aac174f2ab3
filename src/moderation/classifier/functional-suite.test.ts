import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPitfallSet } from './evaluate.js';
import { normalise } from './normalise.js';
import { expandTemplates, readTemplateFile, templateSeed } from './templates.js';
import { DEFAULT_TRAIN_SETTINGS } from './train.js';

// The frozen functional suites (moderation-data/functional/<lang>.jsonl, see its README): well formed, large
// enough per form, and written apart from everything the model trains on or was tuned against.
const root = fileURLToPath(new URL('../../../moderation-data/', import.meta.url));
const functionalDir = `${root}functional/`;

const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl'];
/** Threat forms and the label each carries; obfuscated items are threats of any other form, spelled with tricks. */
const THREAT_FORMS: Record<string, string[]> = {
  'first-person': ['violence'],
  'second-person': ['violence'],
  'call-to-action': ['violence'],
  normative: ['violence'],
  wish: ['violence'],
  elimination: ['violence'],
  'veiled-conditional': ['violence'],
  'incitement-place-event': ['violence'],
  glorification: ['glorification'],
  obfuscated: ['violence', 'glorification'],
};
const NEGATIVE_FORMS = ['counter-speech', 'negated', 'news', 'object-game-food', 'figurative', 'profanity-insult', 'fiction-history', 'self-deprecation'];
const TARGETS = ['individual', 'group', 'official', 'place', 'none'];
const KEYS = ['form', 'label', 'lang', 'target', 'text'];
const MIN_THREATS = 150;
const MIN_NEGATIVES = 150;
const MIN_PER_THREAT_FORM = 12;
const MIN_PER_NEGATIVE_FORM = 15;
/** Token-set Jaccard at or above which two sentences count as the same sentence reworded. */
const NEAR = 0.8;
// Expanding every template file twice and indexing it takes a while on a loaded 2-core machine.

interface FunctionalItem {
  text: string;
  lang: string;
  label: string;
  form: string;
  target: string;
}

const suiteFiles = readdirSync(functionalDir)
  .filter((f) => f.endsWith('.jsonl'))
  .sort();

function readSuite(file: string): FunctionalItem[] {
  return readFileSync(`${functionalDir}${file}`, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as FunctionalItem);
}

const tokens = (text: string) =>
  new Set(
    normalise(text)
      .split(' ')
      .filter((t) => t.length > 0),
  );

/** Sentences as token sets, with an inverted index so each query only meets the sentences it shares a token with. */
class NearestSentence {
  private readonly sentences: { text: string; tokens: Set<string> }[] = [];
  private readonly postings = new Map<string, number[]>();

  add(text: string): void {
    const set = tokens(text);
    if (set.size === 0) return;
    const id = this.sentences.push({ text, tokens: set }) - 1;
    for (const t of set) {
      const list = this.postings.get(t);
      if (list) list.push(id);
      else this.postings.set(t, [id]);
    }
  }

  /** The indexed sentence with the highest token-set Jaccard similarity to `text`. */
  nearest(text: string): { text: string; score: number } | undefined {
    const query = tokens(text);
    const shared = new Map<number, number>();
    for (const t of query) for (const id of this.postings.get(t) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    let best: { text: string; score: number } | undefined;
    for (const [id, n] of shared) {
      const other = this.sentences[id]!;
      const score = n / (query.size + other.tokens.size - n);
      if (!best || score > best.score) best = { text: other.text, score };
    }
    return best;
  }
}

/**
 * Everything the model learns from or was tuned on that Tribune writes itself: the training templates expanded as
 * training expands them and with many more fills, the template strings with their slots removed, and the
 * hand-written pitfall set.
 */
function trainingSide(): NearestSentence {
  const index = new NearestSentence();
  const files = readdirSync(`${root}templates`)
    .filter((f) => f.endsWith('.json'))
    .sort();
  files.forEach((f) => {
    const file = readTemplateFile(`${root}templates/${f}`);
    const seed = templateSeed(DEFAULT_TRAIN_SETTINGS.seed, f);
    const { perTemplate, trickRate } = DEFAULT_TRAIN_SETTINGS;
    for (const opts of [
      { perTemplate, trickRate, seed },
      { perTemplate: perTemplate * 4, trickRate: 0, seed: seed + 1000 },
    ])
      for (const s of expandTemplates(file, opts)) index.add(s.text);
    for (const group of file.groups) for (const t of group.templates) index.add(t.replace(/\{[a-z_0-9]+\}/g, ' '));
  });
  for (const item of readPitfallSet(`${root}heldout/pitfalls.jsonl`)) index.add(item.text);
  return index;
}

const count = (items: FunctionalItem[], keep: (i: FunctionalItem) => boolean) => items.filter(keep).length;

describe('functional test suites', () => {
  it('exist', () => {
    expect(suiteFiles.length).toBeGreaterThan(0);
  });

  for (const file of suiteFiles) {
    const lang = file.replace(/\.jsonl$/, '');

    describe(file, () => {
      const items = readSuite(file);

      it('is named after a screened language and every item carries that language', () => {
        expect(LANGUAGES).toContain(lang);
        expect(items.filter((i) => i.lang !== lang).map((i) => i.text)).toEqual([]);
      });

      it('has only the known fields, labels, forms and targets', () => {
        const wrong = items.filter((i) => {
          const labels = THREAT_FORMS[i.form] ?? (NEGATIVE_FORMS.includes(i.form) ? ['none'] : []);
          return (
            Object.keys(i).sort().join() !== KEYS.join() ||
            typeof i.text !== 'string' ||
            i.text.trim() !== i.text ||
            i.text.length === 0 ||
            !labels.includes(i.label) ||
            !TARGETS.includes(i.target)
          );
        });
        expect(wrong).toEqual([]);
      });

      it('holds enough threats and hard negatives, in every form', () => {
        expect(count(items, (i) => i.label !== 'none')).toBeGreaterThanOrEqual(MIN_THREATS);
        expect(count(items, (i) => i.label === 'none')).toBeGreaterThanOrEqual(MIN_NEGATIVES);
        const perForm = (forms: string[]) => Object.fromEntries(forms.map((f) => [f, count(items, (i) => i.form === f)]));
        const threatForms = perForm(Object.keys(THREAT_FORMS));
        const negativeForms = perForm(NEGATIVE_FORMS);
        expect(Object.entries(threatForms).filter(([, n]) => n < MIN_PER_THREAT_FORM)).toEqual([]);
        expect(Object.entries(negativeForms).filter(([, n]) => n < MIN_PER_NEGATIVE_FORM)).toEqual([]);
      });

      it('repeats no sentence, nor rewords one with a word or two swapped', () => {
        const own = new NearestSentence();
        const close: string[] = [];
        for (const item of items) {
          const hit = own.nearest(item.text);
          if (hit && hit.score >= NEAR) close.push(`${item.text}  ~  ${hit.text} (${hit.score.toFixed(2)})`);
          own.add(item.text);
        }
        expect(close).toEqual([]);
      });
    });
  }

  it('shares no near-duplicate with the training templates or the held-out pitfall set', () => {
    const training = trainingSide();
    const close: string[] = [];
    for (const file of suiteFiles)
      for (const item of readSuite(file)) {
        const hit = training.nearest(item.text);
        if (hit && hit.score >= NEAR) close.push(`${file}: ${item.text}  ~  ${hit.text} (${hit.score.toFixed(2)})`);
      }
    expect(close).toEqual([]);
  }, 300_000);

  it('shares no sentence between languages', () => {
    const seen = new Map<string, string>();
    const shared: string[] = [];
    for (const file of suiteFiles)
      for (const item of readSuite(file)) {
        const key = normalise(item.text);
        const first = seen.get(key);
        if (first !== undefined && first !== file) shared.push(`${item.text} (${first}, ${file})`);
        seen.set(key, file);
      }
    expect(shared).toEqual([]);
  });
});
