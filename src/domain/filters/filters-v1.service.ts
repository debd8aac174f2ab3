import { NotFoundError, ValidationError } from '../../errors.js';
import type { FiltersDeps } from './filters.service.js';
import { createFilter, deleteFilter, deleteKeyword, type FilterChange, getFilter, getKeyword, listFilters, updateFilter } from './filters.service.js';
import type { FilterKeywordRow, FilterRow } from './filters.store.js';
import type { FilterContext } from './match.js';

// Mastodon's v1 filters API over v2 filters (https://docs.joinmastodon.org/methods/filters/#v1): a v1 filter is
// one keyword, answered with its filter's context and expiry; `irreversible` is the `hide` action.
export interface V1FilterView {
  keyword: FilterKeywordRow;
  filter: FilterRow;
}

export interface V1FilterInput {
  phrase: string;
  context: FilterContext[];
  irreversible?: boolean;
  wholeWord?: boolean;
  expiresIn?: number | null;
}

export async function listV1Filters(ctx: FiltersDeps, accountId: string): Promise<V1FilterView[]> {
  return (await listFilters(ctx, accountId)).flatMap((v) => v.keywords.map((keyword) => ({ keyword, filter: v.filter })));
}

export async function getV1Filter(ctx: FiltersDeps, accountId: string, id: string): Promise<V1FilterView> {
  const keyword = await getKeyword(ctx, accountId, id);
  return { keyword, filter: (await getFilter(ctx, accountId, keyword.filter_id)).filter };
}

export async function createV1Filter(ctx: FiltersDeps, accountId: string, input: V1FilterInput): Promise<V1FilterView> {
  const v = await createFilter(ctx, accountId, {
    title: input.phrase,
    context: input.context,
    filterAction: input.irreversible ? 'hide' : 'warn',
    expiresIn: input.expiresIn ?? null,
    keywords: [{ keyword: input.phrase, wholeWord: input.wholeWord ?? true }],
  });
  const keyword = v.keywords[0];
  if (!keyword) throw new NotFoundError();
  return { keyword, filter: v.filter };
}

export async function updateV1Filter(ctx: FiltersDeps, accountId: string, id: string, input: Partial<V1FilterInput>): Promise<V1FilterView> {
  const { keyword, filter } = await getV1Filter(ctx, accountId, id);
  const change: FilterChange = {
    ...(input.context !== undefined ? { context: input.context } : {}),
    ...(input.irreversible !== undefined ? { filterAction: input.irreversible ? 'hide' : 'warn' } : {}),
    ...(input.expiresIn !== undefined ? { expiresIn: input.expiresIn } : {}),
  };
  // As Mastodon: a filter with several keywords cannot be changed as a whole through the one-keyword API.
  if (Object.keys(change).length > 0 && (await getFilter(ctx, accountId, filter.id)).keywords.length > 1)
    throw new ValidationError('Validation failed: this filter has several keywords; change it with the v2 API', 'context');
  await updateFilter(ctx, accountId, filter.id, {
    ...change,
    keywords: [
      {
        id: keyword.id,
        ...(input.phrase !== undefined ? { keyword: input.phrase } : {}),
        ...(input.wholeWord !== undefined ? { wholeWord: input.wholeWord } : {}),
      },
    ],
  });
  return getV1Filter(ctx, accountId, id);
}

/** Deletes the keyword, and its filter when nothing is left in it. */
export async function deleteV1Filter(ctx: FiltersDeps, accountId: string, id: string): Promise<void> {
  const { filter } = await getV1Filter(ctx, accountId, id);
  await deleteKeyword(ctx, accountId, id);
  const rest = await getFilter(ctx, accountId, filter.id);
  if (rest.keywords.length === 0 && rest.statuses.length === 0) await deleteFilter(ctx, accountId, filter.id);
}
