import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateScreening } from './evaluate.js';
import { type FunctionalReport, readFunctionalSuites, type Screened, scoreFunctionalSuites, summarise } from './functional-suite.js';

// Scoring of the functional suites on a tiny fixture (the suites themselves are checked by functional-suite.test.ts).
const dir = mkdtempSync(join(tmpdir(), 'tribune-functional-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const line = (text: string, lang: string, label: string, form: string) => JSON.stringify({ text, lang, label, form, target: 'individual' });
writeFileSync(
  join(dir, 'xx.jsonl'),
  [
    line('t1', 'xx', 'violence', 'wish'),
    line('t2', 'xx', 'violence', 'wish'),
    line('t3', 'xx', 'glorification', 'glorification'),
    line('t4', 'xx', 'violence', 'veiled-conditional'),
    line('n1', 'xx', 'none', 'news'),
    line('n2', 'xx', 'none', 'news'),
    line('n3', 'xx', 'none', 'negated'),
    '{"text": "cut off',
    line('bad label', 'xx', 'threat', 'wish'),
    line('misplaced', 'yy', 'none', 'wish'),
    '',
  ].join('\n'),
);
writeFileSync(join(dir, 'zz.jsonl'), `${line('z1', 'zz', 'violence', 'wish')}\n`);
const suites = readFunctionalSuites(dir);

describe('readFunctionalSuites', () => {
  it('reads every language file and leaves out lines it cannot use, saying why', () => {
    expect(suites.languages).toEqual(['xx', 'zz']);
    expect(suites.items.map((x) => x.text)).toEqual(['t1', 't2', 't3', 't4', 'n1', 'n2', 'n3', 'misplaced', 'z1']);
    expect(suites.problems).toEqual([
      'xx.jsonl:8: not JSON, left out',
      'xx.jsonl:9: text or label ("threat") missing or unknown, left out',
      'xx.jsonl:10: form "wish" is not a hard-negative form',
      'xx.jsonl:10: lang "yy" in xx.jsonl',
      'xx.jsonl: 4 threats and 4 hard negatives, the issue asks for at least 150 of each',
      'zz.jsonl: 1 threats and 0 hard negatives, the issue asks for at least 150 of each',
    ]);
  });

  it('gives nothing for a missing directory', () => {
    expect(readFunctionalSuites(join(dir, 'absent'))).toEqual({ items: [], languages: [], problems: [] });
  });
});

describe('scoreFunctionalSuites', () => {
  // t1 refused, t2 and t3 held, t4 published; n1 held, the other negatives published.
  const actions: Record<string, Screened['action']> = { t1: 'refuse', t2: 'review', t3: 'review', n1: 'review', z1: 'refuse' };
  const screened: Screened[] = suites.items.map((x) => ({ action: actions[x.text] ?? 'publish', language: x.text === 'n3' ? 'other' : x.lang }));
  const reports = scoreFunctionalSuites(suites.items, screened);
  const xx = reports.xx!;

  it('counts a threat as caught when held or refused, and only refusals at the refuse level', () => {
    expect([xx.threats, xx.negatives]).toEqual([4, 4]);
    expect(xx.review.recall).toBe(3 / 4);
    expect(xx.refuse.recall).toBe(1 / 4);
    expect(xx.review.falseAlarmRate).toBe(1 / 4);
    expect(xx.refuse.falseAlarmRate).toBe(0);
  });

  it('breaks recall and false alarms down by form', () => {
    expect(xx.review.byForm.wish!.recall).toBe(1);
    expect(xx.refuse.byForm.wish!.recall).toBe(0.5);
    expect(xx.review.byForm.glorification!.recall).toBe(1);
    expect(xx.review.byForm['veiled-conditional']!.recall).toBe(0);
    expect(xx.review.byForm.news!.falseAlarmRate).toBe(0.5);
    expect(xx.review.byForm.negated!.falseAlarmRate).toBe(0);
  });

  it('measures language detection against the suite language', () => {
    expect(xx.detection).toEqual({ accuracy: 7 / 8, answers: { xx: 7, other: 1 } });
    expect(reports.zz!.detection.accuracy).toBe(1);
  });
});

describe('summarise', () => {
  const report = (lang: string, recall: number, falseAlarmRate: number, size = 150): FunctionalReport => {
    const level = { recall, falseAlarmRate, overall: {} as never, byForm: {} };
    return { lang, threats: size, negatives: size, review: level, refuse: level, detection: { accuracy: 1, answers: {} }, formAccuracy: Number.NaN };
  };
  const rows = summarise(
    { en: report('en', 0.97, 0.05), fr: report('fr', 0.96, 0.01), de: report('de', 0.9, 0.06), es: report('es', 0.95, 0.01, 20), nl: report('nl', 0.95, 0.01) },
    { en: 0.005, fr: 0.001, de: 0.006, es: 0.001, it: 0 },
  );
  const verdict = Object.fromEntries(rows.map((r) => [r.lang, r.verdict]));

  it('says met only when every target is measured and reached', () => {
    expect(verdict).toEqual({
      en: 'met',
      fr: 'not met (recall)',
      de: 'not met (hard-negative FA, ordinary FA)',
      es: 'not measured (suite incomplete)',
      it: 'not measured (no suite)',
      pt: 'not measured (no suite, no ordinary tweets)',
      nl: 'not measured (no ordinary tweets)',
      pl: 'not measured (no suite, no ordinary tweets)',
    });
  });
});

describe('evaluateScreening', () => {
  const item = (violence: number | null, glorification: number | null) => ({ text: '', lang: 'en', source: 's', pitfall: 'p', violence, glorification });
  it('takes either category as the threat label and skips items labelled for neither', () => {
    const items = [item(1, null), item(null, 1), item(0, 0), item(null, null)];
    const r = evaluateScreening(items, ['publish', 'refuse', 'review', 'refuse'], 'review');
    expect(r.overall).toMatchObject({ tp: 1, fn: 1, fp: 1, tn: 0, recall: 0.5, falseAlarmRate: 1 });
  });
});
