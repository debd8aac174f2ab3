import { describe, expect, it } from 'vitest';
import { loadClassifier } from './load-classifier.js';
import { ShippedClassifier } from './shipped-classifier.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

const classifier = ShippedClassifier.fromFile();
const review = DEFAULT_THRESHOLDS.violence.review;
const violence = (t: string) => classifier.classify(t).categories.violence;

describe('shipped classifier', () => {
  it('is the default of loadClassifier and needs no network', async () => {
    const c = await loadClassifier();
    expect(c.name).toBe('tribune-moderation');
    expect(typeof (await c.classify('hello')).categories.violence).toBe('number');
  });

  it.each([
    'I will kill you tomorrow',
    'je vais te tuer',
    "I'm going to stab you after school",
    'jvais te buter ce soir',
    'k1ll y0u',
    'i will k i l l you',
    'JE VAIS TE TUERRRR',
    'we should hang every last one of the journalists',
  ])('flags a threat: %s', (text) => {
    expect(violence(text)).toBeGreaterThanOrEqual(review);
  });

  it.each([
    'I would never hurt anyone',
    'je ne ferais jamais de mal à personne',
    "let's kill this level",
    'on va tuer ce boss ce soir',
    'the news reports a man threatened to kill his neighbour over a parking space',
    'fuck this weather',
    'putain ce temps de merde',
    'this song is killing me',
    'je suis mort de rire',
    'I will see you tomorrow',
    'je vais faire un gâteau demain',
  ])('does not flag: %s', (text) => {
    expect(violence(text)).toBeLessThan(review);
  });

  it('scores glorification of an attack', () => {
    expect(classifier.classify('the shooter is a hero, we need more men like him').categories.glorification).toBeGreaterThanOrEqual(
      DEFAULT_THRESHOLDS.glorification.review,
    );
    expect(classifier.classify('the nurses who treated the victims are heroes').categories.glorification).toBeLessThan(DEFAULT_THRESHOLDS.glorification.review);
  });

  it('returns scores in 0..1 and a language', () => {
    const r = classifier.classify('je vais te voir demain');
    expect(r.language).toBe('fr');
    for (const v of Object.values(r.categories)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(classifier.classify('').categories.violence).toBeLessThan(review);
  });
});
