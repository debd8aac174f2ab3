/**
 * Cues computed beside the learned model: negation, reported or condemned speech,
 * violent verbs aimed at objects or games, figurative uses, intent markers.
 * They become extra features (so the model weighs them) and drive a small,
 * conservative correction of the violence score (see `ruleAdjustment`).
 */
import { BODY, FIGURATIVE, GAMES, INTENT, NEGATORS, OBJECTS, REPORTED, VIOLENT } from './lexicon.js';

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
  /** First-person future or call-to-action markers. */
  intent: number;
  /** Second-person target ("you", "te", "toi"...). */
  secondPerson: boolean;
  /** Third-person target ("her", "them", "la", "les"...): incitement is often aimed at someone absent. */
  thirdPerson: boolean;
  /** A body part after "your"/"ta"/"tes"/"les" ("break your arms", "péter les chevilles"). */
  body: number;
  /** A video game, sport or board game is named: "kill you in Mario Kart". */
  game: boolean;
}

// Tokens that end a negation scope: a new clause or a threat frame ("don't make me...").
const SCOPE_BREAK = new Set([
  'i',
  'we',
  'je',
  'nous',
  'make',
  'or',
  'if',
  'until',
  'unless',
  'but',
  'mais',
  'sinon',
  'ou',
  'si',
  'because',
  'parce',
  'que',
  'then',
  'alors',
  'fais',
  'oblige',
]);
const SECOND_PERSON = new Set(['you', 'your', 'u', 'ur', 'yourself', 'te', 'toi', 'tu', 'vous', 'ton', 'ta', 'tes', 'vos', 'votre']);
const THIRD_PERSON = new Set(['she', 'her', 'he', 'him', 'they', 'them', 'elle', 'il', 'lui', 'eux', 'elles', 'ils', 'les', 'la', 'le']);
const POSSESSIVE = new Set(['your', 'ur', 'ta', 'tes', 'ton', 'les', 'la', 'vos', 'votre']);
const NEG_WINDOW = 5;
const OBJECT_WINDOW = 3;

function matchesAt(tokens: string[], i: number, phrase: string[]): boolean {
  if (i + phrase.length > tokens.length) return false;
  for (let k = 0; k < phrase.length; k++) if (tokens[i + k] !== phrase[k]) return false;
  return true;
}

function negatedBefore(tokens: string[], i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - NEG_WINDOW; j--) {
    const w = tokens[j] as string;
    if (SCOPE_BREAK.has(w)) return false;
    if (NEGATORS.has(w)) return true;
  }
  return false;
}

const FR_NEG_TAIL = new Set(['pas', 'jamais', 'plus', 'rien', 'personne']);

function frenchNegation(tokens: string[], i: number): boolean {
  let ne = false;
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) if (tokens[j] === 'ne') ne = true;
  if (!ne) return false;
  for (let j = i + 1; j < tokens.length && j <= i + 2; j++) if (FR_NEG_TAIL.has(tokens[j] as string)) return true;
  return false;
}

export function analyseCues(tokens: string[], rawText = ''): Cues {
  const cues: Cues = {
    violent: 0,
    violentAt: [],
    negated: 0,
    object: 0,
    figurative: 0,
    reported: 0,
    quoted: false,
    intent: 0,
    secondPerson: false,
    thirdPerson: false,
    body: 0,
    game: false,
  };
  // Mark tokens covered by a figurative phrase first, so they do not count as violent.
  const figurativeAt = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    for (const p of FIGURATIVE.get(tokens[i] as string) ?? []) {
      if (matchesAt(tokens, i, p)) {
        for (let k = 0; k < p.length; k++) figurativeAt[i + k] = 1;
        cues.figurative++;
      }
    }
    for (const p of INTENT.get(tokens[i] as string) ?? []) if (matchesAt(tokens, i, p)) cues.intent++;
    const t = tokens[i] as string;
    if (REPORTED.has(t)) cues.reported++;
    if (SECOND_PERSON.has(t)) cues.secondPerson = true;
    if (THIRD_PERSON.has(t)) cues.thirdPerson = true;
    if (GAMES.has(t)) cues.game = true;
    if (BODY.has(t) && i > 0 && POSSESSIVE.has(tokens[i - 1] as string)) cues.body++;
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    if (!VIOLENT.has(t) || figurativeAt[i]) continue;
    cues.violent++;
    cues.violentAt.push(i);
    // Negation: a negator shortly before, with no clause break in between.
    if (negatedBefore(tokens, i)) cues.negated++;
    // French "ne ... pas/jamais" around the verb: "je ne te frapperai pas".
    else if (frenchNegation(tokens, i)) cues.negated++;
    // Object or game: an object noun right after the verb ("kill this level", "tuer ce boss").
    for (let j = i + 1; j < tokens.length && j <= i + OBJECT_WINDOW; j++) {
      const w = tokens[j] as string;
      if (SECOND_PERSON.has(w)) break;
      if (OBJECTS.has(w)) {
        cues.object++;
        break;
      }
    }
  }
  if (rawText && cues.violent > 0) {
    // Double quotes, guillemets, or single quotes that open after a space and close before one.
    const quoted = rawText.match(/["«“][^"»”]{3,}["»”]|(?:^|[\s:])['‘].{3,}?['’](?=[\s,.!?;:]|$)/g);
    if (quoted) {
      for (const q of quoted) {
        const inner = q
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[\u0300-\u036f]/g, '');
        if (inner.split(/[^a-z]+/).some((w) => VIOLENT.has(w.replace(/([a-z])\1+/g, '$1')))) {
          cues.quoted = true;
          break;
        }
      }
    }
  }
  return cues;
}

/** Cue names fed to the model as features (conjunctions a linear model cannot form itself). */
export function cueFeatures(c: Cues): string[] {
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
  if (c.game) f.push('game');
  if (c.game && c.violent > 0) f.push('vv_game');
  return f;
}

/**
 * A correction on the violence logit for the cases the word model gets wrong most
 * often: it lowers the score when every violent term is negated, aimed at an object
 * or a game, figurative, or quoted in a report; it raises it only for the plainest
 * threat shape (a live violent term aimed at "you" with intent, not reported).
 */
export function ruleAdjustment(c: Cues): number {
  if (c.violent === 0) return c.figurative > 0 ? -1.5 : 0;
  const defused = Math.max(c.negated, c.object);
  if (defused >= c.violent) return -2.5;
  if (c.game) return -1.5;
  if (c.quoted && c.reported > 0) return -1.5;
  // The plainest threat shape: a live violent term, aimed at "you", with intent, not reported.
  if (c.secondPerson && c.intent > 0 && c.reported === 0 && !c.quoted) return 1.5;
  return 0;
}
