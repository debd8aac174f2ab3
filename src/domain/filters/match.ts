import type { ActiveFilterRuleRow, FilterRow } from './filters.store.js';

export const FILTER_CONTEXTS = ['home', 'notifications', 'public', 'thread', 'account'] as const;
export type FilterContext = (typeof FILTER_CONTEXTS)[number];
export const FILTER_ACTIONS = ['warn', 'hide', 'blur'] as const;
export type FilterAction = (typeof FILTER_ACTIONS)[number];

/** One of the reader's active filters, ready to test posts against. */
export interface CompiledFilter {
  row: FilterRow;
  context: ReadonlySet<string>;
  keywords: Array<{ keyword: string; re: RegExp }>;
  statusIds: ReadonlySet<string>;
}

export interface FilterMatch {
  filter: CompiledFilter;
  /** The filter's keywords found in the post, or null. */
  keywordMatches: string[] | null;
  /** The filter's posts this one is (or echoes), or null. */
  statusMatches: string[] | null;
}

/** What a post is matched on: Mastodon matches the text, the content warning, the poll options and the media descriptions. */
export interface FilterablePost {
  id: string;
  /** Who posted it (or echoed it): the reader's own posts are never filtered. */
  authorId: string;
  reblogOfId: string | null;
  text: string;
}

export function parseContext(json: string): FilterContext[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is FilterContext => (FILTER_CONTEXTS as readonly string[]).includes(x)) : [];
  } catch {
    return [];
  }
}

const WORD = '[\\p{L}\\p{M}\\p{N}_]';
const startsWithWord = new RegExp(`^${WORD}`, 'u');
const endsWithWord = new RegExp(`${WORD}$`, 'u');

/**
 * Mastodon's keyword regex: case-insensitive; with whole_word, a boundary is required on each side that is a word
 * character in the keyword. Word characters are Unicode letters, marks and digits, so "café" is not found in
 * "cafés" and "été" is found in "l'été" (JavaScript's \b only knows ASCII letters).
 */
export function keywordRegex(keyword: string, wholeWord: boolean): RegExp {
  const k = keyword.normalize('NFC');
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (!wholeWord) return new RegExp(escaped, 'iu');
  const before = startsWithWord.test(k) ? `(?<!${WORD})` : '';
  const after = endsWithWord.test(k) ? `(?!${WORD})` : '';
  return new RegExp(`${before}${escaped}${after}`, 'iu');
}

/** Groups the one-row-per-rule result of activeFilterRules into filters. */
export function compileFilters(rows: ActiveFilterRuleRow[]): CompiledFilter[] {
  const byId = new Map<string, { row: FilterRow; keywords: CompiledFilter['keywords']; statusIds: Set<string> }>();
  for (const r of rows) {
    let f = byId.get(r.id);
    if (!f) {
      const { kind: _k, value: _v, rule_whole_word: _w, ...row } = r;
      f = { row, keywords: [], statusIds: new Set() };
      byId.set(r.id, f);
    }
    if (r.kind === 'k' && r.value) f.keywords.push({ keyword: r.value, re: keywordRegex(r.value, r.rule_whole_word === 1) });
    else if (r.kind === 's' && r.value) f.statusIds.add(String(r.value));
  }
  return [...byId.values()].map((f) => ({ ...f, context: new Set(parseContext(f.row.context)) }));
}

/** The filters among `filters` that apply in `context` and match `post`. */
export function matchFilters(filters: CompiledFilter[], context: FilterContext, post: FilterablePost): FilterMatch[] {
  const out: FilterMatch[] = [];
  const text = post.text.normalize('NFC');
  for (const filter of filters) {
    if (!filter.context.has(context)) continue;
    const keywordMatches = filter.keywords.filter((k) => k.re.test(text)).map((k) => k.keyword);
    const statusMatches = [post.id, post.reblogOfId].filter((id): id is string => !!id && filter.statusIds.has(id));
    if (keywordMatches.length === 0 && statusMatches.length === 0) continue;
    out.push({ filter, keywordMatches: keywordMatches.length ? keywordMatches : null, statusMatches: statusMatches.length ? statusMatches : null });
  }
  return out;
}
