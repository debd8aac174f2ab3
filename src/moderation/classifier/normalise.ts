/**
 * Text normalisation shared by training, rules and screening, so that spelling
 * tricks ("k 1 l l", "KIIILL", "tuér") land on the same features as the plain word.
 */

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
};

// Contractions that carry negation must survive punctuation stripping.
const CONTRACTIONS: [RegExp, string][] = [
  [/\bwon'?t\b/g, 'will not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bain'?t\b/g, 'is not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/n't\b/g, ' not'],
  [/\b(i|you|we|they|he|she|it)'ll\b/g, '$1 will'],
  [/\b(i|you|we|they|he|she)'d\b/g, '$1 would'],
  [/\bi'm\b/g, 'i am'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\bgonna\b/g, 'going to'],
  [/\bwanna\b/g, 'want to'],
  [/\bgotta\b/g, 'got to'],
  // French elisions: n' -> ne keeps negation visible; j'/t'/m' become the full pronoun.
  [/\bn'/g, 'ne '],
  [/\bj'/g, 'je '],
  [/\bt'/g, 'te '],
  [/\bm'/g, 'me '],
  [/\bl'/g, 'le '],
  [/\bd'/g, 'de '],
  [/\bs'/g, 'se '],
  [/\bqu'/g, 'que '],
];

// Chat spellings of French pronoun + verb ("jvais", "jte", "chui").
const FR_CHAT: [RegExp, string][] = [
  [/\bjvais\b/g, 'je vais'],
  [/\bjvai\b/g, 'je vais'],
  [/\bjve\b/g, 'je vais'],
  [/\bjv\b/g, 'je vais'],
  [/\b(?:te |t ?)habites?\b/g, 'tu habites'],
  [/\bjte\b/g, 'je te'],
  [/\bjt\b/g, 'je te'],
  [/\bjme\b/g, 'je me'],
  [/\bjle\b/g, 'je le'],
  [/\bjla\b/g, 'je la'],
  [/\bchui\b/g, 'je suis'],
  [/\bchuis\b/g, 'je suis'],
  [/\bpk\b/g, 'pourquoi'],
  // Bare "j" and "t" before a word are chat spellings of "je" and "te" ("j vais t tuer").
  [/(^|\s)j(?=\s+[a-z]{2,})/g, '$1je'],
  [/(^|\s)t(?=\s+[a-z]+(?:er|ir|re)\b)/g, '$1te'],
  [/\bstp\b/g, 's il te plait'],
  [/\bta\b(?= (vu|vus|vue|compris|capte|intere))/g, 'tu as'],
];

// Words people mask with "*" to slip past filters; a masked word matching exactly one is restored.
const MASKABLE =
  'kill murder shoot stab rape die dead death hang fuck fucking shit bitch cunt whore slut bomb bullet gun knife tuer tue buter bute crever creve pute salope merde nique egorger violer mort'.split(
    ' ',
  );

function unmask(word: string): string {
  const re = new RegExp(`^${word.replace(/[*#]+/g, (m) => `[a-z]{${m.length}}`)}$`);
  const hits = MASKABLE.filter((w) => re.test(w));
  return hits.length === 1 ? (hits[0] as string) : word.replace(/[*#]+/g, '');
}

const FOLD: Record<string, string> = { ł: 'l', ß: 'ss', ẞ: 'ss', œ: 'oe', æ: 'ae', ø: 'o', đ: 'd', ı: 'i', þ: 'th', ð: 'd' };
const FOLD_RE = /[łßẞœæøđıþð]/g;

const URL_RE = /\b(?:https?:\/\/|www\.)\S+/g;
const MENTION_RE = /(^|\s)@[\w.]+/g;
const COMBINING_RE = /[\u0300-\u036f]/g;
const LEET_CHARS_RE = /[013457@$!|]/;

function undoLeet(token: string): string {
  // Only inside words that also hold letters: "2024" or "5 minutes" stay as they are.
  if (!/[a-z]/.test(token) || !LEET_CHARS_RE.test(token)) return token;
  // A trailing "!" is punctuation, not an "i".
  const core = token.replace(/!+$/, '');
  let out = '';
  for (const ch of core) out += LEET[ch] ?? ch;
  return out;
}

/** Join runs of three or more single letters: "k i l l" -> "kill", "t.u.e.r" -> "tuer". */
function joinSpacedLetters(tokens: string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 3) out.push(run.join(''));
    else out.push(...run);
    run = [];
  };
  for (const t of tokens) {
    if (t.length === 1 && /[a-z]/.test(t)) run.push(t);
    else {
      flush();
      out.push(t);
    }
  }
  flush();
  return out;
}

/**
 * Lowercase, strip accents, expand contractions, undo leetspeak, join spaced
 * letters and collapse repeated letters ("kiiill" and "kill" both become "kil").
 * Returns space-separated tokens of [a-z0-9].
 */
export function normalise(text: string): string {
  let s = text.normalize('NFKD').replace(COMBINING_RE, '').toLowerCase();
  // Letters NFKD leaves whole (Polish ł, German ß, Danish ø...) would otherwise split a word in two.
  s = s.replace(FOLD_RE, (c) => FOLD[c] ?? c);
  s = s.replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/[\u201c\u201d«»]/g, '"');
  // Links and mentions say nothing about a threat: dropped, so "@bob I will kill you" reads as "I will kill you"
  // (as a token, "user" learned the weight of the thousands of harmless tweets that mention someone).
  s = s.replace(URL_RE, ' ').replace(MENTION_RE, '$1 ');
  s = s.replace(/\[user\]/g, ' ').replace(/\[url\]/g, ' ');
  // Masked letters inside a word ("k*ll", "f**k"): resolved against known words, else dropped.
  s = s.replace(/[a-z]*[a-z][*#]+[a-z][a-z*#]*/g, unmask);
  // Dotted or dashed spelling ("k.i.l.l", "t-u-e-r") becomes spaced letters.
  s = s.replace(/\b([a-z0-9@$])(?:[.\-_*]([a-z0-9@$]))+\b/g, (m) => m.replace(/[.\-_*]/g, ' '));
  // Leetspeak is undone per whitespace token, before punctuation is stripped.
  s = s
    .split(/\s+/)
    .map((tok) => undoLeet(tok))
    .join(' ');
  for (const [re, rep] of CONTRACTIONS) s = s.replace(re, rep);
  for (const [re, rep] of FR_CHAT) s = s.replace(re, rep);
  s = s.replace(/[^a-z0-9]+/g, ' ');
  const joined = joinSpacedLetters(s.split(' ').filter((t) => t.length > 0)).join(' ');
  // Collapse any repeated letter to one, so stretched words match their plain form.
  return joined.replace(/([a-z])\1+/g, '$1');
}
