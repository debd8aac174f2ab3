/**
 * A per-language grammar of threat shapes, beside the learned model: patterns over normalised tokens with slots
 * ("@I @FUT ~3 @V @TARGET": a first-person subject, an intent or future auxiliary, up to three words, a violent
 * verb, a human target). Word lists catch a violent word; the grammar catches its shape, so a sentence phrased in a
 * way no template wrote still reads as a threat when its shape is one. Hits become features of the model and a
 * bounded correction of its logit (rules.ts), so the model keeps control of the hard negatives it has learned.
 *
 * Pattern syntax (grammar/<lang>.ts), written in natural spelling and normalised like posts:
 * - `word` one token; `a|b|c` any of them; `stem*` any token starting with `stem` (at least 3 letters);
 * - `@NAME` a word class of the language (`classes`), or a built-in: `@V` a violent word (the lexicon's, plus
 *   German and Dutch separable verbs), `@YOU` second person, `@THEM` third person, `@BODY` a body part;
 * - `~N` up to N tokens of anything (no clause marks survive normalisation, so keep N small);
 * - `(two words|other phrase)` any of these phrases;
 * - a trailing `?` makes a token optional; `^` the start of the post.
 * A hit is blocked (kept as a feature, not as a threat) when a negator sits inside it or just before it (unless the
 * pattern spells its own negation, "you will not survive"), when an intent hit aims at the speaker ("i am going to
 * kill myself"), and, in rules.ts, when the post reports, quotes or is about a game.
 */
import type { Language } from '../language.js';
import { GRAMMARS } from './grammar/index.js';
import type { LanguageGrammar } from './grammar/types.js';
import { THREAT_CUES, type ThreatCue } from './lexicon/types.js';
import type { CompiledLexicon } from './lexicon.js';
import { normalise } from './normalise.js';

interface TokenEl {
  gap: false;
  words: Set<string>;
  prefixes: string[];
  /** Bits of the word classes that match. */
  mask: number;
  optional: boolean;
}
interface GapEl {
  gap: true;
  max: number;
}
interface StartEl {
  gap: 'start';
}
type El = TokenEl | GapEl | StartEl;

interface Pattern {
  shape: ThreatCue;
  /** The pattern as written, for the probe script and for debugging. */
  source: string;
  els: El[];
  /** The pattern spells a negator itself ("will not survive"): negation does not block it. */
  ownNegation: boolean;
  /** Word sets of its required literal tokens: a post lacking a word of any of them cannot match, so it is not tried. */
  required: Set<string>[];
}

interface CompiledClass {
  words: Set<string>;
  prefixes: string[];
}

export interface CompiledGrammar {
  /** Class index by name; built-ins first. */
  classIndex: Map<string, number>;
  classes: CompiledClass[];
  patterns: Pattern[];
  /** Separable verbs: a stem and the particles that make it violent further on ("bring … um", "maak … af"). */
  separable: { stems: CompiledClass; particles: Set<string>; reach: number; notBefore: Set<string> }[];
  self: Set<string>;
  counter: Set<string>;
  condemn: Set<string>;
  notReporting: Set<string>;
  /** Patterns indexed by what their first token can be, so a post tries only the patterns that can start at a word. */
  start: StartIndex;
  /** The class bits of each listed word, and the classes with prefixes: a token's classes in one lookup. */
  wordMask: Map<string, number>;
  prefixClasses: { bit: number; prefixes: string[] }[];
}

interface StartIndex {
  byWord: Map<string, number[]>;
  byClass: number[][];
  byPrefix: { prefix: string; pattern: number }[];
  /** Patterns whose first element is optional, a gap or the start of the post: tried everywhere. */
  always: number[];
}

function indexStarts(patterns: Pattern[], classCount: number): StartIndex {
  const index: StartIndex = { byWord: new Map(), byClass: Array.from({ length: classCount }, () => []), byPrefix: [], always: [] };
  patterns.forEach((p, k) => {
    const first = p.els[0];
    if (!first || first.gap || first.optional) {
      index.always.push(k);
      return;
    }
    for (const w of first.words) index.byWord.set(w, [...(index.byWord.get(w) ?? []), k]);
    for (let c = 0; c < classCount; c++) if (first.mask & (1 << c)) index.byClass[c]?.push(k);
    for (const prefix of first.prefixes) index.byPrefix.push({ prefix, pattern: k });
  });
  return index;
}

const BUILT_INS = ['V', 'YOU', 'THEM', 'BODY'] as const;
const SEPARABLE_REACH = 5;

const norm1 = (w: string): string => normalise(w).replace(/ /g, '');

function compileClass(list: string): CompiledClass {
  const words = new Set<string>();
  const prefixes: string[] = [];
  for (const raw of list.split(/\s+/)) {
    if (!raw) continue;
    if (raw.endsWith('*')) prefixes.push(norm1(raw.slice(0, -1)));
    else words.add(norm1(raw));
  }
  return { words, prefixes };
}

function compileGrammar(g: LanguageGrammar, negators: Set<string>): CompiledGrammar {
  const classIndex = new Map<string, number>();
  const classes: CompiledClass[] = [];
  for (const b of BUILT_INS) {
    classIndex.set(b, classes.length);
    classes.push({ words: new Set(), prefixes: [] });
  }
  for (const [name, list] of Object.entries(g.classes)) {
    if (classIndex.size >= 31) throw new Error(`grammar: too many word classes (${name})`);
    classIndex.set(name, classes.length);
    classes.push(compileClass(list));
  }
  const patterns: Pattern[] = [];
  for (const cue of THREAT_CUES) {
    for (const source of (g.shapes[cue] ?? []).flatMap(expandGroups)) {
      let ownNegation = false;
      const els: El[] = source
        .trim()
        .split(/\s+/)
        .map((part): El => {
          if (part === '^') return { gap: 'start' };
          const gap = /^~(\d)$/.exec(part);
          if (gap) return { gap: true, max: Number(gap[1]) };
          const optional = part.endsWith('?');
          const body = optional ? part.slice(0, -1) : part;
          const el: TokenEl = { gap: false, words: new Set(), prefixes: [], mask: 0, optional };
          for (const alt of body.split('|')) {
            if (alt.startsWith('@')) {
              const k = classIndex.get(alt.slice(1));
              if (k === undefined) throw new Error(`grammar: unknown class ${alt} in "${source}"`);
              el.mask |= 1 << k;
            } else if (alt.endsWith('*')) el.prefixes.push(norm1(alt.slice(0, -1)));
            else {
              const w = norm1(alt);
              if (negators.has(w)) ownNegation = true;
              el.words.add(w);
            }
          }
          return el;
        });
      const required = els.flatMap((e) => (e.gap === false && !e.optional && e.mask === 0 && e.prefixes.length === 0 ? [e.words] : []));
      patterns.push({ shape: cue, source, els, ownNegation, required });
    }
  }
  const separable = (g.separable ?? []).map(([stems, particles, reach, notBefore]) => ({
    stems: compileClass(stems),
    particles: compileClass(particles).words,
    reach: reach ?? SEPARABLE_REACH,
    notBefore: compileClass(notBefore ?? '').words,
  }));
  return {
    classIndex,
    classes,
    patterns,
    separable,
    self: compileClass(g.self ?? '').words,
    counter: compileClass(g.counter ?? '').words,
    condemn: compileClass(g.condemn ?? '').words,
    notReporting: compileClass(g.notReporting ?? '').words,
    start: indexStarts(patterns, classes.length),
    wordMask: classWordMask(classes),
    prefixClasses: classes.flatMap((c, k) => (k >= BUILT_INS.length && c.prefixes.length > 0 ? [{ bit: 1 << k, prefixes: c.prefixes }] : [])),
  };
}

// Loops rather than closures: these run for every token of every post, and closures showed in the profile.
function hasPrefix(prefixes: string[], t: string): boolean {
  for (const p of prefixes) if (t.startsWith(p)) return true;
  return false;
}
const inClass = (c: CompiledClass, t: string): boolean => c.words.has(t) || (c.prefixes.length > 0 && hasPrefix(c.prefixes, t));

/** `(a b|c)` is either phrase: expanded into one pattern per phrase, before the tokens are read. */
function expandGroups(source: string): string[] {
  const m = /\(([^()]*)\)/.exec(source);
  if (!m) return [source];
  const head = source.slice(0, m.index);
  const tail = source.slice(m.index + m[0].length);
  return (m[1] as string).split('|').flatMap((alt) => expandGroups(`${head}${alt}${tail}`));
}

function classWordMask(classes: CompiledClass[]): Map<string, number> {
  const mask = new Map<string, number>();
  classes.forEach((c, k) => {
    if (k < BUILT_INS.length) return;
    for (const w of c.words) mask.set(w, (mask.get(w) ?? 0) | (1 << k));
  });
  return mask;
}

const compiled = new Map<string, CompiledGrammar>();
function grammarFor(lang: Language, lex: CompiledLexicon): CompiledGrammar | undefined {
  const key = GRAMMARS[lang as keyof typeof GRAMMARS] ? lang : 'other';
  let g = compiled.get(key);
  if (!g) {
    const source = GRAMMARS[lang as keyof typeof GRAMMARS];
    // A post in another language is read with the English grammar only: the others' function words are everyday
    // words in too many languages.
    g = compileGrammar(source ?? GRAMMARS.en, lex.negators);
    compiled.set(key, g);
  }
  return g;
}

/** Words that aim a violent word at the speaker ("kill me", "erschießt mich"): the grammar's `self` list. */
export function selfWords(lang: Language, lex: CompiledLexicon): ReadonlySet<string> {
  return grammarFor(lang, lex)?.self ?? EMPTY;
}
const EMPTY: ReadonlySet<string> = new Set();

/**
 * Positions of separable violent verbs: a stem whose particle follows within a few words ("ich bring dich morgen
 * um", "ik maak je af"). rules.ts counts them as violent words.
 */
export function separableVerbs(tokens: string[], lang: Language, lex: CompiledLexicon): number[] {
  const g = grammarFor(lang, lex);
  if (!g || g.separable.length === 0) return [];
  const at: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    for (const s of g.separable) {
      if (!inClass(s.stems, t)) continue;
      for (let j = i + 1; j < tokens.length && j <= i + s.reach; j++) {
        const next = tokens[j + 1];
        if (s.particles.has(tokens[j] as string) && !(next !== undefined && (s.notBefore.has(next) || /^\d/.test(next)))) {
          at.push(i);
          break;
        }
      }
      if (at[at.length - 1] === i) break;
    }
  }
  return at;
}

export interface GrammarHits {
  /** Hits per shape that nothing blocked. */
  clean: Record<ThreatCue, number>;
  /** Hits blocked by a negator or a threat aimed at the speaker. */
  blocked: number;
  /** The post holds a word of counter-speech or reporting the grammar lists (`counter`). */
  counter: boolean;
  /** The post holds a word that condemns or reports a threat (`condemn`). */
  condemn: boolean;
  /** Words of the lexicon's reported list in the post, but for those the grammar lists as `notReporting`. */
  reported: number;
  /** The patterns that matched unblocked, as written (`shape: pattern`). */
  fired: string[];
}

const emptyHits = (): Record<ThreatCue, number> => Object.fromEntries(THREAT_CUES.map((c) => [c, 0])) as Record<ThreatCue, number>;

function matchFrom(els: El[], k: number, masks: Uint32Array, tokens: string[], i: number): number {
  if (k === els.length) return i;
  const el = els[k] as El;
  if (el.gap === 'start') return i === 0 ? matchFrom(els, k + 1, masks, tokens, i) : -1;
  if (el.gap) {
    for (let j = i; j <= tokens.length && j <= i + el.max; j++) {
      const r = matchFrom(els, k + 1, masks, tokens, j);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (i < tokens.length) {
    const t = tokens[i] as string;
    if ((el.mask & (masks[i] as number)) !== 0 || el.words.has(t) || (el.prefixes.length > 0 && hasPrefix(el.prefixes, t))) {
      const r = matchFrom(els, k + 1, masks, tokens, i + 1);
      if (r >= 0) return r;
    }
  }
  return el.optional ? matchFrom(els, k + 1, masks, tokens, i) : -1;
}

/** The threat shapes of a post: `violentAt` are the live violent words rules.ts found (separable verbs included). */
export function matchGrammar(tokens: string[], lang: Language, lex: CompiledLexicon, violentAt: readonly number[]): GrammarHits {
  const hits: GrammarHits = { clean: emptyHits(), blocked: 0, counter: false, condemn: false, reported: 0, fired: [] };
  const g = grammarFor(lang, lex);
  if (!g || tokens.length === 0) return hits;
  const masks = new Uint32Array(tokens.length);
  const V = 1 << 0;
  const YOU = 1 << 1;
  const THEM = 1 << 2;
  const BODY = 1 << 3;
  for (const i of violentAt) masks[i] = (masks[i] as number) | V;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (g.counter.has(t)) hits.counter = true;
    if (g.condemn.has(t)) hits.condemn = true;
    if (lex.reported.has(t) && !g.notReporting.has(t)) hits.reported++;
    let m = masks[i] as number;
    if (lex.secondPerson.has(t)) m |= YOU;
    if (lex.thirdPerson.has(t)) m |= THEM;
    if (lex.body.has(t)) m |= BODY;
    m |= g.wordMask.get(t) ?? 0;
    for (const pc of g.prefixClasses) if (hasPrefix(pc.prefixes, t)) m |= pc.bit;
    masks[i] = m;
  }
  // Each pattern counts once, at the first word where it matches (patterns are tried only where they can start).
  const done = new Uint8Array(g.patterns.length);
  // 0 not yet known, 1 possible, 2 impossible: a pattern whose required words are absent is never tried.
  const possible = new Uint8Array(g.patterns.length);
  const present = new Set(tokens);
  const canMatch = (p: Pattern): boolean => {
    for (const set of p.required) {
      let found = false;
      for (const w of set)
        if (present.has(w)) {
          found = true;
          break;
        }
      if (!found) return false;
    }
    return true;
  };
  const candidates: number[] = [];
  for (let s = 0; s < tokens.length; s++) {
    const t = tokens[s] as string;
    candidates.length = 0;
    candidates.push(...g.start.always, ...(g.start.byWord.get(t) ?? []));
    const m = masks[s] as number;
    if (m !== 0) for (let c = 0; c < g.classes.length; c++) if (m & (1 << c)) candidates.push(...(g.start.byClass[c] as number[]));
    for (const x of g.start.byPrefix) if (t.startsWith(x.prefix)) candidates.push(x.pattern);
    for (const k of candidates) {
      if (done[k]) continue;
      const p = g.patterns[k] as Pattern;
      if (possible[k] === 0) possible[k] = canMatch(p) ? 1 : 2;
      if (possible[k] === 2) continue;
      const end = matchFrom(p.els, 0, masks, tokens, s);
      if (end < 0 || end === s) continue;
      done[k] = 1;
      let blocked = false;
      if (!p.ownNegation) for (let j = Math.max(0, s - 3); j < end && !blocked; j++) blocked = lex.negators.has(tokens[j] as string);
      if (p.shape === 'intent' || p.shape === 'wish')
        for (let j = Math.max(0, s - 1); j < end + 2 && j < tokens.length && !blocked; j++) blocked = g.self.has(tokens[j] as string);
      if (blocked) hits.blocked++;
      else {
        hits.clean[p.shape]++;
        hits.fired.push(`${p.shape}: ${p.source}`);
      }
    }
  }
  return hits;
}
