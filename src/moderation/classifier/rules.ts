/**
 * Cues computed beside the learned model: negation, reported or condemned speech,
 * violent verbs aimed at objects or games, figurative uses, intent markers.
 * They become extra features (so the model weighs them) and drive a small,
 * conservative correction of the violence score (see `ruleAdjustment`).
 */
import type { Language } from '../language.js';
import { matchGrammar, selfWords, separableVerbs } from './grammar.js';
import { THREAT_CUES, type ThreatCue } from './lexicon/types.js';
import { type CompiledLexicon, lexiconFor } from './lexicon.js';

export interface Cues {
  /** Violent terms found. */
  violent: number;
  /** Token positions of the violent terms (for context features). */
  violentAt: number[];
  /** Violent terms inside a negation scope ("would never hurt", "ne ... jamais tuer"). */
  negated: number;
  /** Violent terms aimed at an object or game ("kill this level"). */
  object: number;
  /** Violent terms in a figurative phrase ("killing it", "mort de rire"). */
  figurative: number;
  /** Reported, news or condemnation vocabulary anywhere in the post. */
  reported: number;
  /** A quoted span holds a violent term. */
  quoted: boolean;
  /** Threat-form markers (intent, second, call, normative, wish, elimination, veiled, place, glorify), by count. */
  forms: Record<ThreatCue, number>;
  /** Any threat-form marker: the sum of `forms`. */
  intent: number;
  /** Second-person target ("you", "te", "toi"...). */
  secondPerson: boolean;
  /** Third-person target ("her", "them", "la", "les"...): incitement is often aimed at someone absent. */
  thirdPerson: boolean;
  /** A body part after "your"/"ta"/"tes"/"les" ("break your arms", "péter les chevilles"). */
  body: number;
  /** A video game, sport or board game is named: "kill you in Mario Kart". */
  game: boolean;
  /** Five words or fewer. */
  short: boolean;
  /** Threat shapes of the grammar (grammar.ts) that nothing blocked, by shape. */
  grammar: Record<ThreatCue, number>;
  /** Grammar hits blocked by a negator or aimed at the speaker. */
  grammarBlocked: number;
  /** A word of counter-speech or reporting from the grammar's list: the shapes get no boost. */
  grammarCounter: boolean;
  /** A word that condemns or reports what the post quotes ("report him", "denunciadlo", "inakzeptabel"). */
  condemn: boolean;
  /** Reported-speech words that block the grammar's boost (`reported` less the grammar's `notReporting`). */
  grammarReported: number;
  /** Violent words aimed at the speaker, a "me" right after them ("kill me", "erschießt mich", "zabijcie mnie"). */
  selfAimed: number;
}

const NEG_WINDOW = 5;
/** The logit shift of a post with no violent word and no shape that harms without one (chosen in tune-moderation). */
export const NO_HARM_ADJUSTMENT = -0.5;
export const SHORT_NO_HARM_ADJUSTMENT = -2;
const OBJECT_WINDOW = 3;

function matchesAt(tokens: string[], i: number, phrase: string[]): boolean {
  if (i + phrase.length > tokens.length) return false;
  for (let k = 0; k < phrase.length; k++) if (tokens[i + k] !== phrase[k]) return false;
  return true;
}

function negatedBefore(lex: CompiledLexicon, tokens: string[], i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - NEG_WINDOW; j--) {
    const w = tokens[j] as string;
    if (lex.scopeBreak.has(w)) return false;
    if (lex.negators.has(w)) return true;
  }
  return false;
}

// A negator right after the verb ends its clause in German and Dutch ("ich töte dich nicht", "ik vermoord je niet").
function negatedAfter(lex: CompiledLexicon, tokens: string[], i: number): boolean {
  for (let j = i + 1; j < tokens.length && j <= i + 2; j++) {
    const w = tokens[j] as string;
    if (lex.scopeBreak.has(w)) return false;
    if (lex.negators.has(w)) return true;
  }
  return false;
}

const noForms = (): Record<ThreatCue, number> => Object.fromEntries(THREAT_CUES.map((c) => [c, 0])) as Record<ThreatCue, number>;

const FR_NEG_TAIL = new Set(['pas', 'jamais', 'plus', 'rien', 'personne']);

function frenchNegation(tokens: string[], i: number): boolean {
  let ne = false;
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) if (tokens[j] === 'ne') ne = true;
  if (!ne) return false;
  for (let j = i + 1; j < tokens.length && j <= i + 2; j++) if (FR_NEG_TAIL.has(tokens[j] as string)) return true;
  return false;
}

export function analyseCues(tokens: string[], rawText = '', lang: Language = 'other'): Cues {
  const lex = lexiconFor(lang);
  const cues: Cues = {
    violent: 0,
    violentAt: [],
    negated: 0,
    object: 0,
    figurative: 0,
    reported: 0,
    quoted: false,
    forms: noForms(),
    intent: 0,
    secondPerson: false,
    thirdPerson: false,
    body: 0,
    game: false,
    short: tokens.length <= 5,
    grammar: noForms(),
    grammarBlocked: 0,
    grammarCounter: false,
    condemn: false,
    grammarReported: 0,
    selfAimed: 0,
  };
  // Mark tokens covered by a figurative phrase first, so they do not count as violent.
  const figurativeAt = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    for (const p of lex.figurative.get(tokens[i] as string) ?? []) {
      if (matchesAt(tokens, i, p)) {
        for (let k = 0; k < p.length; k++) figurativeAt[i + k] = 1;
        cues.figurative++;
      }
    }
    for (const [cue, index] of lex.forms) {
      for (const p of index.get(tokens[i] as string) ?? []) {
        if (!matchesAt(tokens, i, p)) continue;
        cues.forms[cue]++;
        cues.intent++;
      }
    }
    const t = tokens[i] as string;
    if (lex.reported.has(t)) cues.reported++;
    if (lex.secondPerson.has(t)) cues.secondPerson = true;
    if (lex.thirdPerson.has(t)) cues.thirdPerson = true;
    if (lex.games.has(t)) cues.game = true;
    if (lex.body.has(t) && i > 0 && lex.possessive.has(tokens[i - 1] as string)) cues.body++;
  }
  // German and Dutch separable verbs count where their stem stands: "ich bring dich um", "ik maak je af".
  const separable = new Set(separableVerbs(tokens, lang, lex));
  const self = selfWords(lang, lex);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (!(lex.violent.has(t) || separable.has(i)) || figurativeAt[i]) continue;
    cues.violent++;
    cues.violentAt.push(i);
    if (self.has(tokens[i + 1] as string)) cues.selfAimed++;
    // Negation: a negator shortly before, with no clause break in between.
    if (negatedBefore(lex, tokens, i)) cues.negated++;
    // French "ne ... pas/jamais" around the verb: "je ne te frapperai pas".
    else if ((lang === 'fr' || lang === 'other') && frenchNegation(tokens, i)) cues.negated++;
    else if ((lang === 'de' || lang === 'nl') && negatedAfter(lex, tokens, i)) cues.negated++;
    // Object or game: an object noun right after the verb ("kill this level", "tuer ce boss").
    for (let j = i + 1; j < tokens.length && j <= i + OBJECT_WINDOW; j++) {
      const w = tokens[j] as string;
      if (lex.secondPerson.has(w)) break;
      if (lex.objects.has(w)) {
        cues.object++;
        break;
      }
    }
  }
  const live: number[] = [];
  for (const at of cues.violentAt) if (!negatedBefore(lex, tokens, at)) live.push(at);
  const hits = matchGrammar(tokens, lang, lex, live);
  cues.grammar = hits.clean;
  cues.grammarBlocked = hits.blocked;
  cues.grammarCounter = hits.counter;
  cues.condemn = hits.condemn;
  cues.grammarReported = hits.reported;
  if (rawText && cues.violent > 0) {
    // Double quotes, guillemets, or single quotes that open after a space and close before one.
    const quoted = rawText.match(/["«“][^"»”]{3,}["»”]|(?:^|[\s:])['‘].{3,}?['’](?=[\s,.!?;:]|$)/g);
    if (quoted) {
      for (const q of quoted) {
        const inner = q
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[\u0300-\u036f]/g, '');
        if (inner.split(/[^a-z]+/).some((w) => lex.violent.has(w.replace(/([a-z])\1+/g, '$1')))) {
          cues.quoted = true;
          break;
        }
      }
    }
  }
  return cues;
}

/** Cue names fed to the model as features (conjunctions a linear model cannot form itself). */
export function cueFeatures(c: Cues, grammar = false): string[] {
  const f: string[] = [];
  const live = c.violent - Math.max(c.negated, c.object);
  if (c.violent > 0) f.push('vv');
  if (live > 0) f.push('vv_live');
  if (c.negated > 0) f.push('vv_neg');
  if (c.negated > 0 && c.negated >= c.violent) f.push('vv_all_neg');
  if (c.object > 0) f.push('vv_obj');
  if (c.object > 0 && c.object >= c.violent) f.push('vv_all_obj');
  if (c.figurative > 0) f.push('fig');
  if (c.figurative > 0 && c.violent === 0) f.push('fig_only');
  if (c.reported > 0) f.push('rep');
  if (c.reported > 0 && c.violent > 0) f.push('vv_rep');
  if (c.reported > 1 && c.violent > 0) f.push('vv_rep2');
  if (c.quoted) f.push('vv_quoted');
  if (c.intent > 0) f.push('intent');
  if (c.intent > 0 && live > 0) f.push('vv_intent');
  if (c.secondPerson && live > 0) f.push('vv_2p');
  if (c.secondPerson && c.intent > 0 && live > 0) f.push('vv_2p_intent');
  if (c.thirdPerson && live > 0) f.push('vv_3p');
  if (c.thirdPerson && c.intent > 0 && live > 0) f.push('vv_3p_intent');
  if (c.intent > 0 && live > 0 && c.reported === 0) f.push('vv_intent_unreported');
  if (c.body > 0) f.push('body');
  if (c.body > 0 && c.intent > 0) f.push('body_intent');
  for (const cue of THREAT_CUES) {
    if (c.forms[cue] === 0) continue;
    f.push(`form_${cue}`);
    if (live > 0) f.push(`vv_form_${cue}`);
    if (c.reported > 0) f.push(`rep_form_${cue}`);
  }
  if (c.game) f.push('game');
  if (c.game && c.violent > 0) f.push('vv_game');
  if (!grammar) return f;
  let shapes = 0;
  for (const cue of THREAT_CUES) {
    if (c.grammar[cue] === 0) continue;
    shapes++;
    f.push(`g_${cue}`);
    if (c.reported > 0 || c.quoted) f.push(`g_rep_${cue}`);
  }
  if (shapes > 0) f.push(c.reported > 0 || c.quoted ? 'g_any_rep' : 'g_any');
  if (shapes > 1) f.push('g_many');
  if (c.grammarBlocked > 0) f.push('g_blocked');
  return f;
}

/**
 * A correction on the violence logit for the cases the word model gets wrong most
 * often: it lowers the score when every violent term is negated, aimed at an object
 * or a game, figurative, or quoted in a report; it raises it only for the plainest
 * threat shape (a live violent term aimed at "you" with intent, not reported).
 */
export function ruleAdjustment(c: Cues): number {
  if (c.violent === 0) {
    if (c.figurative > 0) return -1.5;
    // No violent word and no shape that threatens without one (veiled, elimination, glorification, a place to attack):
    // an everyday post, whatever its dates, places and wishes look like.
    const harmShape = c.forms.veiled + c.forms.elimination + c.forms.glorify + c.forms.place + grammarShapes(c) + c.grammar.glorify;
    // A post of five words or fewer ("continuing", "no link any more") gives the n-grams little to go on: lowered further.
    return harmShape > 0 ? 0 : c.short ? SHORT_NO_HARM_ADJUSTMENT : NO_HARM_ADJUSTMENT;
  }
  const defused = Math.max(c.negated, c.object);
  if (defused >= c.violent) return -2.5;
  if (c.game) return -1.5;
  // Self-deprecation: every violent word aimed at the speaker ("kill me, it's Monday"), nobody else named.
  if (c.selfAimed >= c.violent && !c.secondPerson && !c.thirdPerson) return SELF_ADJUSTMENT;
  // Counter-speech that names what it does with the threat it quotes: "he said he would kill us, report him".
  if (c.condemn) return CONDEMN_ADJUSTMENT;
  if (c.quoted && c.reported > 0) return -1.5;
  // The plainest threat shape: a live violent term, aimed at "you", with intent, not reported.
  if (c.secondPerson && c.intent > 0 && c.reported === 0 && !c.quoted) return 1.5;
  return 0;
}

/** The logit added when the grammar finds a threat shape: tuned in tune-moderation (--grammar), never on the suites. */
export const GRAMMAR_BOOST = { violence: 2, glorification: 3 };
/**
 * Veiled threats and incitement against a place often hold no violent word, so the model scores them near zero; their
 * shapes are written narrowly (a formula, a place with a weapon or an attack verb) and get a larger boost.
 */
export const NO_WORD_SHAPE_BOOST = 4;
/** The logit shift of a post whose every violent word is aimed at the speaker. */
export const SELF_ADJUSTMENT = -1.5;
/** The logit shift of a post with a violent word and a word that condemns or reports it. */
export const CONDEMN_ADJUSTMENT = -1.5;

const grammarShapes = (c: Cues): number => THREAT_CUES.reduce((n, cue) => n + (cue === 'glorify' ? 0 : c.grammar[cue]), 0);

/**
 * The grammar's correction, per category: a threat shape that nothing blocked raises the score, unless the post
 * reports or quotes, is about a game, or every violent word in it is negated or aimed at an object.
 */
export function grammarAdjustment(c: Cues): { violence: number; glorification: number } {
  const none = { violence: 0, glorification: 0 };
  if (c.grammarReported > 0 || c.quoted || c.game || c.grammarCounter || c.condemn) return none;
  if (c.violent > 0 && Math.max(c.negated, c.object) >= c.violent) return none;
  const noWord = c.grammar.veiled + c.grammar.place > 0 ? NO_WORD_SHAPE_BOOST : 0;
  return {
    // Praise of an attack is also a call for more of it: its shape raises violence too, by the ordinary boost.
    violence: grammarShapes(c) > 0 ? Math.max(GRAMMAR_BOOST.violence, noWord) : c.grammar.glorify > 0 ? GRAMMAR_BOOST.violence : 0,
    glorification: c.grammar.glorify > 0 ? GRAMMAR_BOOST.glorification : 0,
  };
}
