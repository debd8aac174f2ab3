/**
 * npx tsx scripts/probe-moderation.ts FILE: scores each line of FILE ("label<TAB>text", label t = threat, n = not)
 * and prints the misses and false alarms with the grammar shapes that fired, to write grammar patterns against.
 */
import { readFileSync } from 'node:fs';
import { featurise } from '../src/moderation/classifier/features.js';
import { matchGrammar } from '../src/moderation/classifier/grammar.js';
import { lexiconFor } from '../src/moderation/classifier/lexicon.js';
import { normalise } from '../src/moderation/classifier/normalise.js';
import { ShippedClassifier } from '../src/moderation/classifier/shipped-classifier.js';

const classifier = ShippedClassifier.fromFile();
const lines = readFileSync(process.argv[2] as string, 'utf8')
  .split('\n')
  .filter((l) => l.includes('\t'));
const all = process.argv.includes('--all');
let tp = 0;
let fp = 0;
let pos = 0;
let neg = 0;
for (const line of lines) {
  const [label, text] = line.split('\t') as [string, string];
  const d = classifier.score(text);
  const flagged = d.categories.violence >= 0.3 || d.categories.glorification >= 0.3;
  const c = featurise(text).cues;
  const f = featurise(text);
  const shapes = matchGrammar(normalise(text).split(' '), f.lang, lexiconFor(f.lang), f.cues.violentAt).fired.join(' ; ');
  if (label === 't') {
    pos++;
    if (flagged) tp++;
  } else {
    neg++;
    if (flagged) fp++;
  }
  const wrong = (label === 't') !== flagged;
  if (wrong || all)
    console.log(
      `${wrong ? (label === 't' ? 'MISS' : 'FA  ') : 'ok  '} v=${d.categories.violence.toFixed(2)} g=${d.categories.glorification.toFixed(2)} z=${d.violenceLogit.toFixed(1)} adj=${d.ruleAdjustment} [${shapes}]${c.grammarCounter ? ' counter' : ''}${c.reported ? ' rep' : ''} ${d.language} | ${text}`,
    );
}
console.log(`recall ${tp}/${pos}, false alarms ${fp}/${neg}`);
