import type { ThreatCue } from '../lexicon/types.js';

/**
 * One language's grammar of threat shapes (see ../grammar.ts for the pattern syntax). Classes are space-separated
 * words in natural spelling, `stem*` for a prefix; at most 27 classes per language (four are built in: @V violent
 * word, @YOU second person, @THEM third person, @BODY body part).
 */
export interface LanguageGrammar {
  classes: Record<string, string>;
  /** Patterns per threat shape; `glorify` hits raise glorification, the others violence. */
  shapes: Partial<Record<ThreatCue, string[]>>;
  /**
   * Separable violent verbs: [stems, particles, reach], the stem counting as a violent word when a particle follows
   * within `reach` words (5 when absent; 2 where the particle is an everyday word: "maak je huiswerk af"), and not
   * before a number or one of the `notBefore` words ("ich bring dir den Kuchen um acht").
   */
  separable?: [string, string, number?, string?][];
  /** Words that aim an intent or a wish at the speaker ("myself", "me"): self-harm talk is not a threat. */
  self?: string;
  /**
   * Words of counter-speech and reporting beyond the lexicon's `reported` list ("tweets", "slogans", "Hetze"): a post
   * holding one keeps its shapes as features but gets no boost.
   */
  counter?: string;
  /**
   * Words that condemn or report a threat the post quotes ("report", "reported", "unacceptable", "denunciadlo"): a post
   * holding one and a violent word is lowered (rules.ts). Never words a threat itself uses ("disgusting", "hate").
   */
  condemn?: string;
  /**
   * Words of the lexicon's `reported` list that do not mark a report where a threat shape stands, and so do not
   * block its boost: everyday words ("une", "nu", "om"), judgements a threat uses too ("terrible"), and the history
   * and remembrance words glorification uses ("hero", "history", "tribute").
   */
  notReporting?: string;
}
