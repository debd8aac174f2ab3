/**
 * The word lists behind the rule cues, one per language (lexicon/<lang>.ts), compiled once: written in natural
 * spelling and normalised here exactly as posts are, so they match text after the same normalisation.
 *
 * A post is read with the lists of its detected language, plus English violent words (people mix English into any
 * language) except the few that are ordinary words elsewhere ("die" is an article in German and Dutch). A post in
 * another language, or too short to tell, is read with the union of every list.
 */
import type { Language } from '../language.js';
import { LEXICONS } from './lexicon/index.js';
import { type LanguageLexicon, THREAT_CUES, type ThreatCue } from './lexicon/types.js';
import { normalise } from './normalise.js';

/** Phrases indexed by their first token, so matching costs one map lookup per token. */
export type PhraseIndex = Map<string, string[][]>;

export interface CompiledLexicon {
  violent: Set<string>;
  objects: Set<string>;
  games: Set<string>;
  negators: Set<string>;
  scopeBreak: Set<string>;
  reported: Set<string>;
  secondPerson: Set<string>;
  thirdPerson: Set<string>;
  possessive: Set<string>;
  body: Set<string>;
  figurative: PhraseIndex;
  forms: ReadonlyArray<readonly [ThreatCue, PhraseIndex]>;
  maskable: string[];
}

const words = (list: string | undefined): string[] =>
  (list ?? '')
    .split(/\s+/)
    .map((w) => normalise(w))
    .filter((w) => w.length > 0 && !w.includes(' '));

function phrases(list: readonly string[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const p of list.map((x) => normalise(x).split(' '))) {
    const first = p[0];
    if (!first) continue;
    index.set(first, [...(index.get(first) ?? []), p]);
  }
  return index;
}

// English violent words that are everyday words in another screened language.
const ENGLISH_ONLY = new Set(['die', 'dies', 'gut', 'bat', 'hang', 'rope', 'skin', 'gas', 'smack', 'beat', 'kick', 'hammer']);

function compile(lists: LanguageLexicon[], extraViolent: string[] = []): CompiledLexicon {
  const set = (pick: (l: LanguageLexicon) => string | undefined) => new Set(lists.flatMap((l) => words(pick(l))));
  return {
    violent: new Set([...lists.flatMap((l) => words(l.violent)), ...extraViolent]),
    objects: set((l) => l.objects),
    games: set((l) => l.games),
    negators: set((l) => l.negators),
    scopeBreak: set((l) => l.scopeBreak),
    reported: set((l) => l.reported),
    secondPerson: set((l) => l.secondPerson),
    thirdPerson: set((l) => l.thirdPerson),
    possessive: set((l) => l.possessive),
    body: set((l) => l.body),
    figurative: phrases(lists.flatMap((l) => l.figurative)),
    forms: THREAT_CUES.map((cue) => [cue, phrases(lists.flatMap((l) => l.forms[cue]))] as const),
    maskable: [...new Set(lists.flatMap((l) => words(l.maskable)))],
  };
}

const ALL = Object.values(LEXICONS);
const english = LEXICONS.en ? words(LEXICONS.en.violent).filter((w) => !ENGLISH_ONLY.has(w)) : [];
// Games are brand names, the same in every language.
const shared: LanguageLexicon[] = ALL.filter((l) => l.games).map((l) => ({ ...emptyLexicon(), games: l.games }));
const compiled = new Map<Language, CompiledLexicon>();
for (const [lang, lex] of Object.entries(LEXICONS)) compiled.set(lang as Language, compile([lex, ...shared], lang === 'en' ? [] : english));
const UNION = compile(ALL);

/** The compiled lists to read a post in `lang` with. */
export function lexiconFor(lang: Language): CompiledLexicon {
  return compiled.get(lang) ?? UNION;
}

/** Words people mask with "*", in every language (normalise restores them). */
export const MASKABLE = UNION.maskable;

function emptyLexicon(): LanguageLexicon {
  const forms = Object.fromEntries(THREAT_CUES.map((c) => [c, []])) as unknown as Record<ThreatCue, string[]>;
  return {
    violent: '',
    objects: '',
    figurative: [],
    negators: '',
    scopeBreak: '',
    reported: '',
    secondPerson: '',
    thirdPerson: '',
    possessive: '',
    body: '',
    forms,
  };
}
