import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findDatasetsDir, runEvaluationSuite } from './evaluation-suite.js';
import { readFunctionalSuites, scoreFunctionalSuites } from './functional-suite.js';
import { ShippedClassifier } from './shipped-classifier.js';
import { DEFAULT_THRESHOLDS, decideAction } from './thresholds.js';

// Floors sit a little below what `npm run eval:moderation` measured for models/moderation-v3.json
// (see docs/moderation.md), so a worse model cannot land. Raise them when the model improves.
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const datasetsDir = findDatasetsDir(repoRoot);
const classifier = ShippedClassifier.fromFile();
const suite = runEvaluationSuite((t) => classifier.classify(t).categories, { repoRoot, datasetsDir, thresholds: DEFAULT_THRESHOLDS });

describe('shipped model evaluation floors', () => {
  it('holds precision, recall and F1 per language on the held-out pitfall set', () => {
    for (const lang of ['en', 'fr']) {
      const f = suite.pitfallsViolence.byLanguage[lang]!;
      expect(f.precision, `${lang} precision`).toBeGreaterThanOrEqual(0.85);
      expect(f.recall, `${lang} recall`).toBeGreaterThanOrEqual(0.7);
      expect(f.f1, `${lang} F1`).toBeGreaterThanOrEqual(0.77);
    }
  });

  it('rarely flags the pitfall negatives', () => {
    const p = suite.pitfallsViolence.byPitfall;
    for (const bucket of ['negation', 'counter-speech', 'news', 'object-game', 'profanity', 'neutral', 'glorification-negative']) {
      expect(p[bucket]!.flagRate, bucket).toBeLessThanOrEqual(0.15);
    }
    expect(p.news!.flagRate + p['object-game']!.flagRate + p.neutral!.flagRate).toBeLessThanOrEqual(0.1);
  });

  it('catches explicit, spelled-out and group threats', () => {
    const p = suite.pitfallsViolence.byPitfall;
    expect(p['threat-direct']!.recall).toBeGreaterThanOrEqual(0.75);
    expect(p['threat-spelling']!.recall).toBeGreaterThanOrEqual(0.8);
    expect(p['threat-group']!.recall).toBeGreaterThanOrEqual(0.8);
  });

  it('scores glorification of attacks', () => {
    expect(suite.pitfallsGlorification.overall.f1).toBeGreaterThanOrEqual(0.55);
  });

  it.skipIf(!datasetsDir)('holds its figures on the held-out split of the training sources', () => {
    const h = suite.heldoutViolence!;
    // Version 3 traded English real-data precision for threats in eight languages (docs/moderation.md): v2 held 0.35 / 0.42 / 0.38.
    expect(h.bySource.edos!.f1).toBeGreaterThanOrEqual(0.28);
    expect(h.bySource['implicit-hate']!.f1).toBeGreaterThanOrEqual(0.26);
    expect(h.byLanguage.en!.f1).toBeGreaterThanOrEqual(0.37);
    expect(h.bySource.mlma!.flagRate).toBeLessThanOrEqual(0.01);
    expect(h.overall.flagRate).toBeLessThanOrEqual(0.02);
  });

  it.skipIf(!suite.cyberViolence)('holds its figures on CyberAgressionAdo (French, evaluation only)', () => {
    const c = suite.cyberViolence!;
    // Version 3 flags more of this teen role-play chat (docs/moderation.md): v2 held F1 0.31, recall 0.38, 2% of non-aggressive messages.
    expect(c.overall.f1).toBeGreaterThanOrEqual(0.2);
    expect(c.overall.recall).toBeGreaterThanOrEqual(0.28);
    expect(c.byPitfall['cyber-not-aggressive']!.flagRate).toBeLessThanOrEqual(0.05);
  });

  it('holds threat recall and hard-negative false alarms on the frozen functional suites (aggregates only)', () => {
    // Version 3.2 (third grammar pass, model file 3.1.0 unchanged) measured (recall / hard-negative FA, %): en 84.7/8.1, fr 75.3/7.5, de 61.7/8.1, es 68.5/7.5,
    // it 77.1/4.4, pt 75.9/5.6, nl 66.5/6.9, pl 69.4/6.3. Floors one or two sentences below, ceilings above.
    const floors: Record<string, [number, number]> = {
      en: [0.83, 0.1],
      fr: [0.74, 0.09],
      de: [0.6, 0.1],
      es: [0.67, 0.09],
      it: [0.75, 0.06],
      pt: [0.74, 0.07],
      nl: [0.65, 0.08],
      pl: [0.68, 0.08],
    };
    const suites = readFunctionalSuites(`${repoRoot}/moderation-data/functional`);
    const screened = suites.items.map((x) => {
      const r = classifier.classify(x.text);
      return { action: decideAction(r.categories, DEFAULT_THRESHOLDS), language: r.language };
    });
    const reports = scoreFunctionalSuites(suites.items, screened);
    for (const [lang, [recall, falseAlarms]] of Object.entries(floors)) {
      const f = reports[lang]!;
      expect(f.review.recall, `${lang} recall`).toBeGreaterThanOrEqual(recall);
      expect(f.review.falseAlarmRate, `${lang} hard-negative false alarms`).toBeLessThanOrEqual(falseAlarms);
    }
  });
});
