import { NotFoundError, ValidationError } from '../../errors.js';
import type { Infra } from '../../infra/infra.js';
import type { ChangeDeps } from '../../infra/versions.js';
import { changed } from '../../infra/versions.js';
import type { StatusAccessDeps } from '../statuses/status-access.js';
import { getVisibleStatus } from '../statuses/statuses.service.js';
import { nowIso } from '../time.js';
import {
  activeFilterRules,
  deleteFilterRow,
  deleteFilterStatusRow,
  deleteKeywordRow,
  type FilterKeywordRow,
  type FilterRow,
  type FilterStatusRow,
  filterStatusesOf,
  findFilterRow,
  findFilterStatusByPost,
  findOwnFilterStatus,
  findOwnKeyword,
  insertFilter,
  insertFilterStatus,
  insertKeyword,
  keywordsOf,
  listFilterRows,
  updateFilterRow,
  updateKeywordRow,
} from './filters.store.js';
import { type CompiledFilter, compileFilters, type FilterAction, type FilterContext } from './match.js';

export type FiltersDeps = Pick<Infra, 'db' | 'ids'> & ChangeDeps & StatusAccessDeps;

export interface FilterView {
  filter: FilterRow;
  keywords: FilterKeywordRow[];
  statuses: FilterStatusRow[];
}

export interface KeywordInput {
  keyword: string;
  wholeWord?: boolean;
}

export interface KeywordChange {
  id?: string;
  keyword?: string;
  wholeWord?: boolean;
  destroy?: boolean;
}

export interface FilterInput {
  title: string;
  context: FilterContext[];
  filterAction?: FilterAction;
  /** Seconds from now; null: never. */
  expiresIn?: number | null;
  keywords?: KeywordInput[];
}

export interface FilterChange {
  title?: string;
  context?: FilterContext[];
  filterAction?: FilterAction;
  /** Seconds from now; null: never; undefined: unchanged. */
  expiresIn?: number | null;
  keywords?: KeywordChange[];
}

const expiry = (seconds: number | null | undefined) => (seconds ? new Date(Date.now() + seconds * 1000).toISOString() : null);

function keywordText(k: string | undefined, field: string): string {
  const t = (k ?? '').trim();
  if (!t) throw new ValidationError(`Validation failed: ${field} can't be blank`, field);
  return t;
}

/** The reader's filters still in force, for rendering a page (one query). */
export async function activeFilters(ctx: Pick<Infra, 'db'>, accountId: string): Promise<CompiledFilter[]> {
  return compileFilters(await activeFilterRules(ctx.db, accountId, nowIso()));
}

async function views(ctx: FiltersDeps, rows: FilterRow[]): Promise<FilterView[]> {
  const ids = rows.map((r) => r.id);
  const [keywords, statuses] = await Promise.all([keywordsOf(ctx.db, ids), filterStatusesOf(ctx.db, ids)]);
  return rows.map((filter) => ({
    filter,
    keywords: keywords.filter((k) => k.filter_id === filter.id),
    statuses: statuses.filter((s) => s.filter_id === filter.id),
  }));
}

export async function listFilters(ctx: FiltersDeps, accountId: string): Promise<FilterView[]> {
  return views(ctx, await listFilterRows(ctx.db, accountId));
}

async function ownFilter(ctx: FiltersDeps, accountId: string, id: string): Promise<FilterRow> {
  const row = await findFilterRow(ctx.db, accountId, id);
  if (!row) throw new NotFoundError();
  return row;
}

export async function getFilter(ctx: FiltersDeps, accountId: string, id: string): Promise<FilterView> {
  return (await views(ctx, [await ownFilter(ctx, accountId, id)]))[0]!;
}

export async function createFilter(ctx: FiltersDeps, accountId: string, input: FilterInput): Promise<FilterView> {
  const keywords = (input.keywords ?? []).map((k, i) => ({
    keyword: keywordText(k.keyword, `keywords_attributes.${i}.keyword`),
    wholeWord: k.wholeWord ?? true,
  }));
  const now = nowIso();
  const id = ctx.ids.next();
  await ctx.db.transaction().execute(async (trx) => {
    await insertFilter(trx, {
      id,
      account_id: accountId,
      title: input.title,
      context: JSON.stringify(input.context),
      filter_action: input.filterAction ?? 'warn',
      expires_at: expiry(input.expiresIn),
      created_at: now,
      updated_at: now,
    });
    for (const k of keywords)
      await insertKeyword(trx, { id: ctx.ids.next(), filter_id: id, keyword: k.keyword, whole_word: k.wholeWord ? 1 : 0, created_at: now });
  });
  await changed(ctx, { homes: [accountId] });
  return getFilter(ctx, accountId, id);
}

export async function updateFilter(ctx: FiltersDeps, accountId: string, id: string, change: FilterChange): Promise<FilterView> {
  const current = await getFilter(ctx, accountId, id);
  const own = new Set(current.keywords.map((k) => k.id));
  (change.keywords ?? []).forEach((k, i) => {
    if (k.id !== undefined && !own.has(k.id)) throw new NotFoundError();
    if (!k.destroy && (k.id === undefined || k.keyword !== undefined)) keywordText(k.keyword, `keywords_attributes.${i}.keyword`);
  });
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await updateFilterRow(trx, id, {
      updated_at: now,
      ...(change.title !== undefined ? { title: change.title } : {}),
      ...(change.context !== undefined ? { context: JSON.stringify(change.context) } : {}),
      ...(change.filterAction !== undefined ? { filter_action: change.filterAction } : {}),
      ...(change.expiresIn !== undefined ? { expires_at: expiry(change.expiresIn) } : {}),
    });
    for (const k of change.keywords ?? []) {
      if (k.id !== undefined && k.destroy) await deleteKeywordRow(trx, k.id);
      else if (k.id !== undefined)
        await updateKeywordRow(trx, k.id, {
          ...(k.keyword !== undefined ? { keyword: k.keyword.trim() } : {}),
          ...(k.wholeWord !== undefined ? { whole_word: k.wholeWord ? 1 : 0 } : {}),
        });
      else if (!k.destroy)
        await insertKeyword(trx, { id: ctx.ids.next(), filter_id: id, keyword: k.keyword!.trim(), whole_word: (k.wholeWord ?? true) ? 1 : 0, created_at: now });
    }
  });
  await changed(ctx, { homes: [accountId] });
  return getFilter(ctx, accountId, id);
}

export async function deleteFilter(ctx: FiltersDeps, accountId: string, id: string): Promise<void> {
  await ownFilter(ctx, accountId, id);
  await deleteFilterRow(ctx.db, id);
  await changed(ctx, { homes: [accountId] });
}

export async function listKeywords(ctx: FiltersDeps, accountId: string, filterId: string): Promise<FilterKeywordRow[]> {
  return (await getFilter(ctx, accountId, filterId)).keywords;
}

export async function addKeyword(ctx: FiltersDeps, accountId: string, filterId: string, input: KeywordInput): Promise<FilterKeywordRow> {
  await ownFilter(ctx, accountId, filterId);
  const id = ctx.ids.next();
  await insertKeyword(ctx.db, {
    id,
    filter_id: filterId,
    keyword: keywordText(input.keyword, 'keyword'),
    whole_word: (input.wholeWord ?? true) ? 1 : 0,
    created_at: nowIso(),
  });
  await changed(ctx, { homes: [accountId] });
  return getKeyword(ctx, accountId, id);
}

export async function getKeyword(ctx: FiltersDeps, accountId: string, id: string): Promise<FilterKeywordRow> {
  const row = await findOwnKeyword(ctx.db, accountId, id);
  if (!row) throw new NotFoundError();
  return row;
}

export async function updateKeyword(ctx: FiltersDeps, accountId: string, id: string, input: Partial<KeywordInput>): Promise<FilterKeywordRow> {
  await getKeyword(ctx, accountId, id);
  await updateKeywordRow(ctx.db, id, {
    ...(input.keyword !== undefined ? { keyword: keywordText(input.keyword, 'keyword') } : {}),
    ...(input.wholeWord !== undefined ? { whole_word: input.wholeWord ? 1 : 0 } : {}),
  });
  await changed(ctx, { homes: [accountId] });
  return getKeyword(ctx, accountId, id);
}

export async function deleteKeyword(ctx: FiltersDeps, accountId: string, id: string): Promise<void> {
  await getKeyword(ctx, accountId, id);
  await deleteKeywordRow(ctx.db, id);
  await changed(ctx, { homes: [accountId] });
}

export async function listFilterStatuses(ctx: FiltersDeps, accountId: string, filterId: string): Promise<FilterStatusRow[]> {
  return (await getFilter(ctx, accountId, filterId)).statuses;
}

/** Filters one post (one the reader can see); adding it twice is refused, as in Mastodon. */
export async function addFilterStatus(ctx: FiltersDeps, accountId: string, filterId: string, statusId: string): Promise<FilterStatusRow> {
  await ownFilter(ctx, accountId, filterId);
  const post = await getVisibleStatus(ctx, accountId, statusId);
  const added = await insertFilterStatus(ctx.db, { id: ctx.ids.next(), filter_id: filterId, status_id: post.id, created_at: nowIso() });
  if (!added) throw new ValidationError('Validation failed: status_id has already been taken', 'status_id');
  await changed(ctx, { homes: [accountId] });
  return (await findFilterStatusByPost(ctx.db, filterId, post.id))!;
}

export async function getFilterStatus(ctx: FiltersDeps, accountId: string, id: string): Promise<FilterStatusRow> {
  const row = await findOwnFilterStatus(ctx.db, accountId, id);
  if (!row) throw new NotFoundError();
  return row;
}

export async function deleteFilterStatus(ctx: FiltersDeps, accountId: string, id: string): Promise<void> {
  await getFilterStatus(ctx, accountId, id);
  await deleteFilterStatusRow(ctx.db, id);
  await changed(ctx, { homes: [accountId] });
}
