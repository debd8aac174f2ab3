/**
 * One language's word lists behind the rule cues (src/moderation/classifier/rules.ts). Written in natural spelling
 * (accents and all); lexicon.ts normalises them at load exactly as posts are normalised (lowercase, accents
 * stripped, ł→l, ß→ss, repeated letters collapsed), so `tötet` and `toetet` and `töööötet` meet.
 *
 * Space-separated strings are single words; string arrays are phrases of one or more words. Words are matched
 * whole, so list the inflections people actually write (German and Polish verbs in every common person and
 * tense, Spanish/Italian/Portuguese clitic forms such as `matarte`, `ammazzarti`, `matar-te`).
 */
export interface LanguageLexicon {
  /** Violent verbs (all common inflections) and nouns that carry violence: kill, shoot, stab, hang, burn, bomb, gun... */
  violent: string;
  /** Things and games violent verbs are aimed at without a threat: level, boss, exam, pizza, printer, mosquito... */
  objects: string;
  /** Games and sports named in a post (violent verbs there are about play). Optional: brand names are shared. */
  games?: string;
  /** Figurative phrases holding a violent word that is not a threat: "killing it", "mort de rire", "ich lach mich tot". */
  figurative: string[];
  /** Negators: not, never, nobody... */
  negators: string;
  /** Words that end a negation scope: a new clause or a threat frame ("if", "but", "or", "make"). */
  scopeBreak: string;
  /** Reported, news, quoted or condemning speech, and fiction or history: said, police, court, film, war... */
  reported: string;
  /** Second-person words: you, your, yourself (all cases). */
  secondPerson: string;
  /** Third-person words aimed at someone absent: he, she, them, him (all cases). */
  thirdPerson: string;
  /** Possessives before a body part ("your", "their"). */
  possessive: string;
  /** Body parts a threat names: neck, face, teeth, skull... */
  body: string;
  /**
   * Threat-form markers: phrases that carry the form of a threat around a violent term. Each becomes a feature,
   * and the queue shows which form fired.
   * - intent: first-person intent and future: "i will", "i am going to", "ich werde", "voy a".
   * - second: addressed to the target: "you will", "you are next", "du wirst".
   * - call: calls to action: "let's", "someone should", imperatives with "go", "come on".
   * - normative: "should be", "deserve to", "ought to", "gehören", "merecen".
   * - wish: "i hope", "i wish", "i'd love to see", "ojalá".
   * - elimination: "get rid of", "wipe out", "eradicate", "world would be better without" (verbs also go in violent).
   * - veiled: "we know where you live", "it would be a shame if", "watch your back".
   * - place: incitement against a place or event: "storm", "bring weapons", "on the 6th", "meet at".
   * - glorify: praise of attackers and attacks: "hero", "martyr", "legend", "saint", "well done", "more of this".
   */
  forms: Record<ThreatCue, string[]>;
  /** Words people mask with "*" to slip past filters (optional). */
  maskable?: string;
}

export const THREAT_CUES = ['intent', 'second', 'call', 'normative', 'wish', 'elimination', 'veiled', 'place', 'glorify'] as const;
export type ThreatCue = (typeof THREAT_CUES)[number];
