import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPitfallSet } from './evaluate.js';
import { normalise } from './normalise.js';
import { expandTemplates, readTemplateFile, templateSeed } from './templates.js';
import { DEFAULT_TRAIN_SETTINGS } from './train.js';

// The hand-written pitfall set must stay apart from the training templates: not the same
// sentence with other slots, and not the same sentence after normalisation.
const root = fileURLToPath(new URL('../../../moderation-data/', import.meta.url));

describe('held-out pitfall set', () => {
  it('shares no sentence with the expanded training templates', () => {
    const files = readdirSync(`${root}templates`).filter((f) => f.endsWith('.json'));
    const training = files.flatMap((f) =>
      expandTemplates(readTemplateFile(`${root}templates/${f}`), {
        perTemplate: DEFAULT_TRAIN_SETTINGS.perTemplate,
        trickRate: 0,
        seed: templateSeed(DEFAULT_TRAIN_SETTINGS.seed, f),
      }),
    );
    const trainSets = training.map((t) => new Set(normalise(t.text).split(' ')));
    const exact = new Set(training.map((t) => normalise(t.text)));
    // Which training sentences hold each word, so each pitfall item is compared with those sharing a word only.
    const holding = new Map<string, number[]>();
    trainSets.forEach((set, i) => {
      for (const w of set) {
        const list = holding.get(w);
        if (list) list.push(i);
        else holding.set(w, [i]);
      }
    });
    const tooClose: string[] = [];
    for (const item of readPitfallSet(`${root}heldout/pitfalls.jsonl`)) {
      const norm = normalise(item.text);
      if (exact.has(norm)) tooClose.push(item.text);
      const words = new Set(norm.split(' '));
      const shared = new Map<number, number>();
      for (const w of words) for (const i of holding.get(w) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
      for (const [i, n] of shared) {
        const size = (trainSets[i] as Set<string>).size;
        if (n / (words.size + size - n) >= 0.9) {
          tooClose.push(`${item.text}  ~  ${training[i]?.text}`);
          break;
        }
      }
    }
    expect(tooClose).toEqual([]);
  }, 300_000);
});
