import type { FilterView } from '../../domain/filters/filters.service.js';
import type { FilterKeywordRow, FilterRow, FilterStatusRow } from '../../domain/filters/filters.store.js';
import type { V1FilterView } from '../../domain/filters/filters-v1.service.js';
import { type FilterAction, type FilterContext, type FilterMatch, parseContext } from '../../domain/filters/match.js';

/** https://docs.joinmastodon.org/entities/FilterKeyword/ */
export interface FilterKeywordEntity {
  id: string;
  keyword: string;
  whole_word: boolean;
}

/** https://docs.joinmastodon.org/entities/FilterStatus/ */
export interface FilterStatusEntity {
  id: string;
  status_id: string;
}

/** https://docs.joinmastodon.org/entities/Filter/ */
export interface FilterEntity {
  id: string;
  title: string;
  context: FilterContext[];
  expires_at: string | null;
  filter_action: FilterAction;
  keywords?: FilterKeywordEntity[];
  statuses?: FilterStatusEntity[];
}

/** https://docs.joinmastodon.org/entities/FilterResult/ */
export interface FilterResultEntity {
  filter: FilterEntity;
  keyword_matches: string[] | null;
  status_matches: string[] | null;
}

/** https://docs.joinmastodon.org/entities/V1_Filter/ */
export interface V1FilterEntity {
  id: string;
  phrase: string;
  context: FilterContext[];
  whole_word: boolean;
  expires_at: string | null;
  irreversible: boolean;
}

export const serializeFilterKeyword = (k: FilterKeywordRow): FilterKeywordEntity => ({ id: k.id, keyword: k.keyword, whole_word: k.whole_word === 1 });

export const serializeFilterStatus = (s: FilterStatusRow): FilterStatusEntity => ({ id: s.id, status_id: s.status_id });

function filterFields(f: FilterRow): FilterEntity {
  return { id: f.id, title: f.title, context: parseContext(f.context), expires_at: f.expires_at, filter_action: f.filter_action };
}

export function serializeFilter(v: FilterView): FilterEntity {
  return { ...filterFields(v.filter), keywords: v.keywords.map(serializeFilterKeyword), statuses: v.statuses.map(serializeFilterStatus) };
}

// Inside a post's `filtered`, Mastodon leaves the filter's keywords and posts out (they can be long and clients
// show only the title): https://github.com/mastodon/mastodon/issues/27977
export function serializeFilterResult(m: FilterMatch): FilterResultEntity {
  return { filter: filterFields(m.filter.row), keyword_matches: m.keywordMatches, status_matches: m.statusMatches };
}

export function serializeV1Filter(v: V1FilterView): V1FilterEntity {
  return {
    id: v.keyword.id,
    phrase: v.keyword.keyword,
    context: parseContext(v.filter.context),
    whole_word: v.keyword.whole_word === 1,
    expires_at: v.filter.expires_at,
    irreversible: v.filter.filter_action === 'hide',
  };
}
