/**
 * The language of a post, among the eight Tribune screens in (en, fr, de, es, it, pt, nl, pl), else 'other'.
 * Efficient Language Detector (eld, Apache-2.0: character n-grams of 60 languages, its "small" table) scores the
 * text, and each screened language's commonest function words (stopwords.ts) add 0.1 a word: short posts give
 * n-grams too little to go on ("je vais te tuer" alone reads as Croatian). Measured at 96-99.7% per language on
 * ordinary tweets and on the functional suites (docs/moderation.md), about 40 µs a post. A post in a language
 * outside the eight, or with no word at all, is 'other'.
 */
import { eld } from 'eld/small';
import { STOPWORDS } from './stopwords.js';

export const LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl'] as const;
export type ScreenedLanguage = (typeof LANGUAGES)[number];
export type Language = ScreenedLanguage | 'other';

const SCREENED = new Set<string>(LANGUAGES);
const STOPWORD_WEIGHT = 0.1;
// A word shared by k languages adds 1/k to each.
const stopwordLanguages = new Map<string, ScreenedLanguage[]>();
for (const lang of LANGUAGES) {
  for (const w of new Set(STOPWORDS[lang]?.split(' '))) stopwordLanguages.set(w, [...(stopwordLanguages.get(w) ?? []), lang]);
}
// Links and mentions are not language.
const NOISE_RE = /\bhttps?:\/\/\S+|(^|\s)@[\w.]+(@[\w.-]+)?|[#@]/g;

export function detectLanguage(text: string): Language {
  const clean = text.replace(NOISE_RE, ' ').trim();
  if (!/\p{L}{2,}/u.test(clean)) return 'other';
  const result = eld.detect(clean);
  const scores = result.getScores();
  const score: Record<string, number> = {};
  for (const lang of LANGUAGES) score[lang] = scores[lang] ?? 0;
  const words = clean
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .split(/[^a-z]+/);
  for (const w of new Set(words)) {
    const langs = stopwordLanguages.get(w);
    if (langs) for (const lang of langs) score[lang] = (score[lang] ?? 0) + STOPWORD_WEIGHT / langs.length;
  }
  let best: Language = 'other';
  let bestScore = 0;
  for (const lang of LANGUAGES) {
    if ((score[lang] ?? 0) > bestScore) {
      bestScore = score[lang] ?? 0;
      best = lang;
    }
  }
  // Another language that scores above every screened one, function words included, is what the post is in.
  if (result.language && !SCREENED.has(result.language) && (scores[result.language] ?? 0) > bestScore) return 'other';
  return best;
}
