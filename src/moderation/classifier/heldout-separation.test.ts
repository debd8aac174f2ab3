import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPitfallSet } from './evaluate.js';
import { normalise } from './normalise.js';
import { expandTemplates, readTemplateFile } from './templates.js';
import { DEFAULT_TRAIN_SETTINGS } from './train.js';

// The hand-written pitfall set must stay apart from the training templates: not the same
// sentence with other slots, and not the same sentence after normalisation.
const root = fileURLToPath(new URL('../../../moderation-data/', import.meta.url));

describe('held-out pitfall set', () => {
  it('shares no sentence with the expanded training templates', () => {
    const files = readdirSync(`${root}templates`).filter((f) => f.endsWith('.json'));
    const training = files.flatMap((f, i) =>
      expandTemplates(readTemplateFile(`${root}templates/${f}`), {
        perTemplate: DEFAULT_TRAIN_SETTINGS.perTemplate,
        trickRate: 0,
        seed: DEFAULT_TRAIN_SETTINGS.seed + i,
      }),
    );
    const trainSets = training.map((t) => new Set(normalise(t.text).split(' ')));
    const exact = new Set(training.map((t) => normalise(t.text)));
    const tooClose: string[] = [];
    for (const item of readPitfallSet(`${root}heldout/pitfalls.jsonl`)) {
      const norm = normalise(item.text);
      if (exact.has(norm)) tooClose.push(item.text);
      const words = new Set(norm.split(' '));
      for (const s of trainSets) {
        let shared = 0;
        for (const w of words) if (s.has(w)) shared++;
        if (shared / (words.size + s.size - shared) >= 0.9) {
          tooClose.push(item.text);
          break;
        }
      }
    }
    expect(tooClose).toEqual([]);
  });
});
