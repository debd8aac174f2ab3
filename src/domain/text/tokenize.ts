import * as linkify from 'linkifyjs';

/** A post's text cut into the pieces that render differently. */
export type Token =
  | { type: 'text'; value: string }
  | { type: 'url'; value: string; href: string }
  | { type: 'mention'; value: string; username: string; domain: string | null }
  | { type: 'hashtag'; value: string; name: string };

// Mastodon links only http(s) URLs written with their scheme; bare domains stay text.
const SCHEME = /^https?:\/\//i;
// @user or @user@domain, not inside a word, an e-mail address or a URL path.
const MENTION = /(?<![\p{L}\p{N}_/.@])@([A-Za-z0-9_]{1,30})(?:@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]{1,5})?))?(?![A-Za-z0-9_@])/gu;
// #tag of letters, digits and underscores with at least one letter (so #1 is not a tag), not inside a word.
const HASHTAG = /(?<![\p{L}\p{N}_/)&#])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}\p{M}_]*)/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const links = linkify.find(text, 'url').filter((l) => SCHEME.test(l.value));
  for (const link of links) {
    if (link.start < pos) continue;
    if (link.start > pos) tokens.push(...splitWords(text.slice(pos, link.start)));
    tokens.push({ type: 'url', value: link.value, href: link.href });
    pos = link.end;
  }
  if (pos < text.length) tokens.push(...splitWords(text.slice(pos)));
  return tokens;
}

function splitWords(text: string): Token[] {
  const found: Array<{ start: number; end: number; token: Token }> = [];
  for (const m of text.matchAll(MENTION)) {
    found.push({ start: m.index, end: m.index + m[0].length, token: { type: 'mention', value: m[0], username: m[1]!, domain: m[2]?.toLowerCase() ?? null } });
  }
  for (const m of text.matchAll(HASHTAG)) {
    if (found.some((f) => m.index < f.end && m.index + m[0].length > f.start)) continue;
    found.push({ start: m.index, end: m.index + m[0].length, token: { type: 'hashtag', value: m[0], name: m[1]! } });
  }
  found.sort((a, b) => a.start - b.start);
  const out: Token[] = [];
  let pos = 0;
  for (const f of found) {
    if (f.start > pos) out.push({ type: 'text', value: text.slice(pos, f.start) });
    out.push(f.token);
    pos = f.end;
  }
  if (pos < text.length) out.push({ type: 'text', value: text.slice(pos) });
  return out;
}

/** Tags are compared and stored lower-cased after NFKC normalisation (accents kept). */
export function normalizeTag(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}

/** Distinct hashtags of a text, in order of first use, with the spelling first used. */
export function extractTags(tokens: Token[]): Array<{ name: string; display: string }> {
  const seen = new Map<string, string>();
  for (const t of tokens) if (t.type === 'hashtag' && !seen.has(normalizeTag(t.name))) seen.set(normalizeTag(t.name), t.name.normalize('NFKC'));
  return [...seen].map(([name, display]) => ({ name, display }));
}

/** Mentioned handles (lower-cased usernames), local ones only: `@user` or `@user@<our domain>`. */
export function extractLocalMentions(tokens: Token[], localDomain: string): string[] {
  const out = new Set<string>();
  for (const t of tokens) if (t.type === 'mention' && (t.domain === null || t.domain === localDomain.toLowerCase())) out.add(t.username.toLowerCase());
  return [...out];
}

/** Mentioned handles of other servers (`user@domain`, lower-cased), in order of first use. */
export function extractRemoteMentions(tokens: Token[], localDomain: string): Array<{ username: string; domain: string }> {
  const out = new Map<string, { username: string; domain: string }>();
  for (const t of tokens)
    if (t.type === 'mention' && t.domain !== null && t.domain !== localDomain.toLowerCase())
      out.set(`${t.username}@${t.domain}`.toLowerCase(), { username: t.username, domain: t.domain });
  return [...out.values()];
}

/**
 * Mastodon's character count: every URL counts as 23 characters and a mention counts without its
 * domain. https://docs.joinmastodon.org/user/posting/#text
 */
export const URL_PLACEHOLDER_LENGTH = 23;

export function countPostChars(text: string): number {
  let n = 0;
  for (const t of tokenize(text)) {
    if (t.type === 'url') n += URL_PLACEHOLDER_LENGTH;
    else if (t.type === 'mention') n += [...`@${t.username}`].length;
    else n += [...t.value].length;
  }
  return n;
}
