import { Hono } from 'hono';
import { z } from 'zod';
import {
  addFilterStatus,
  addKeyword,
  createFilter,
  deleteFilter,
  deleteFilterStatus,
  deleteKeyword,
  getFilter,
  getFilterStatus,
  getKeyword,
  listFilterStatuses,
  listFilters,
  listKeywords,
  updateFilter,
  updateKeyword,
} from '../../domain/filters/filters.service.js';
import { FILTER_ACTIONS, FILTER_CONTEXTS } from '../../domain/filters/match.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { serializeFilter, serializeFilterKeyword, serializeFilterStatus } from '../entities/filter.js';
import type { AppEnv } from '../env.js';
import { params, pathId, zBool, zId, zInt, zList } from '../params.js';

// Mastodon's v2 filters: https://docs.joinmastodon.org/methods/filters/
export const filtersRoutes = new Hono<AppEnv>();

const TEN_YEARS = 10 * 365 * 86_400;
const blank = (v: unknown) => (v === '' ? null : v);

export const zFilterTitle = z.string().trim().min(1, "can't be blank").max(256);
export const zFilterContext = zList(z.enum(FILTER_CONTEXTS)).refine((a) => a.length > 0, "can't be blank");
/** Seconds from now; empty or null for a filter that never expires. */
export const zExpiresIn = z.preprocess(blank, zInt(1, TEN_YEARS).nullable());
const zKeyword = z.string().trim().min(1, "can't be blank").max(512);

const createSchema = z.object({
  title: zFilterTitle,
  context: zFilterContext,
  filter_action: z.enum(FILTER_ACTIONS).optional(),
  expires_in: zExpiresIn.optional(),
  keywords_attributes: zList(z.object({ keyword: zKeyword, whole_word: zBool.optional() })).optional(),
});

const updateSchema = z.object({
  title: zFilterTitle.optional(),
  context: zFilterContext.optional(),
  filter_action: z.enum(FILTER_ACTIONS).optional(),
  expires_in: zExpiresIn.optional(),
  keywords_attributes: zList(
    z.object({ id: zId.optional(), keyword: zKeyword.optional(), whole_word: zBool.optional(), _destroy: zBool.optional() }),
  ).optional(),
});

const keywordSchema = z.object({ keyword: zKeyword, whole_word: zBool.optional() });
const keywordUpdateSchema = z.object({ keyword: zKeyword.optional(), whole_word: zBool.optional() });
const statusSchema = z.object({ status_id: zId });

const read = requireUser('read:filters');
const write = requireUser('write:filters');

filtersRoutes.get('/api/v2/filters', read, async (c) => c.json((await listFilters(c.var.ctx, viewerId(c))).map(serializeFilter)));

filtersRoutes.post('/api/v2/filters', write, async (c) => {
  const p = await params(c, createSchema);
  const v = await createFilter(c.var.ctx, viewerId(c), {
    title: p.title,
    context: p.context,
    filterAction: p.filter_action,
    expiresIn: p.expires_in ?? null,
    keywords: (p.keywords_attributes ?? []).map((k) => ({ keyword: k.keyword, wholeWord: k.whole_word })),
  });
  return c.json(serializeFilter(v));
});

// Keywords and posts by their own id: registered before /:id so "keywords" is not read as a filter's id.
filtersRoutes.get('/api/v2/filters/keywords/:id', read, async (c) => c.json(serializeFilterKeyword(await getKeyword(c.var.ctx, viewerId(c), pathId(c)))));

filtersRoutes.put('/api/v2/filters/keywords/:id', write, async (c) => {
  const p = await params(c, keywordUpdateSchema);
  return c.json(serializeFilterKeyword(await updateKeyword(c.var.ctx, viewerId(c), pathId(c), { keyword: p.keyword, wholeWord: p.whole_word })));
});

filtersRoutes.delete('/api/v2/filters/keywords/:id', write, async (c) => {
  await deleteKeyword(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});

filtersRoutes.get('/api/v2/filters/statuses/:id', read, async (c) => c.json(serializeFilterStatus(await getFilterStatus(c.var.ctx, viewerId(c), pathId(c)))));

filtersRoutes.delete('/api/v2/filters/statuses/:id', write, async (c) => {
  await deleteFilterStatus(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});

filtersRoutes.get('/api/v2/filters/:id', read, async (c) => c.json(serializeFilter(await getFilter(c.var.ctx, viewerId(c), pathId(c)))));

filtersRoutes.put('/api/v2/filters/:id', write, async (c) => {
  const id = pathId(c);
  const p = await params(c, updateSchema);
  const v = await updateFilter(c.var.ctx, viewerId(c), id, {
    title: p.title,
    context: p.context,
    filterAction: p.filter_action,
    expiresIn: p.expires_in,
    keywords: p.keywords_attributes?.map((k) => ({ id: k.id, keyword: k.keyword, wholeWord: k.whole_word, destroy: k._destroy })),
  });
  return c.json(serializeFilter(v));
});

filtersRoutes.delete('/api/v2/filters/:id', write, async (c) => {
  await deleteFilter(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});

filtersRoutes.get('/api/v2/filters/:id/keywords', read, async (c) =>
  c.json((await listKeywords(c.var.ctx, viewerId(c), pathId(c))).map(serializeFilterKeyword)),
);

filtersRoutes.post('/api/v2/filters/:id/keywords', write, async (c) => {
  const id = pathId(c);
  const p = await params(c, keywordSchema);
  return c.json(serializeFilterKeyword(await addKeyword(c.var.ctx, viewerId(c), id, { keyword: p.keyword, wholeWord: p.whole_word })));
});

filtersRoutes.get('/api/v2/filters/:id/statuses', read, async (c) =>
  c.json((await listFilterStatuses(c.var.ctx, viewerId(c), pathId(c))).map(serializeFilterStatus)),
);

filtersRoutes.post('/api/v2/filters/:id/statuses', write, async (c) => {
  const id = pathId(c);
  const p = await params(c, statusSchema);
  return c.json(serializeFilterStatus(await addFilterStatus(c.var.ctx, viewerId(c), id, p.status_id)));
});
