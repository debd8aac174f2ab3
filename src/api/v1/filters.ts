import { Hono } from 'hono';
import { z } from 'zod';
import { createV1Filter, deleteV1Filter, getV1Filter, listV1Filters, updateV1Filter } from '../../domain/filters/filters-v1.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { serializeV1Filter } from '../entities/filter.js';
import type { AppEnv } from '../env.js';
import { params, pathId, zBool } from '../params.js';
import { zExpiresIn, zFilterContext } from '../v2/filters.js';

// Mastodon's v1 filters, which older clients still call: one keyword per filter, over the v2 filters
// (https://docs.joinmastodon.org/methods/filters/#v1).
export const filtersV1Routes = new Hono<AppEnv>();

const zPhrase = z.string().trim().min(1, "can't be blank").max(512);
const createSchema = z.object({
  phrase: zPhrase,
  context: zFilterContext,
  irreversible: zBool.optional(),
  whole_word: zBool.optional(),
  expires_in: zExpiresIn.optional(),
});
const updateSchema = createSchema.partial();

filtersV1Routes.get('/api/v1/filters', requireUser('read:filters'), async (c) => c.json((await listV1Filters(c.var.ctx, viewerId(c))).map(serializeV1Filter)));

filtersV1Routes.get('/api/v1/filters/:id', requireUser('read:filters'), async (c) =>
  c.json(serializeV1Filter(await getV1Filter(c.var.ctx, viewerId(c), pathId(c)))),
);

filtersV1Routes.post('/api/v1/filters', requireUser('write:filters'), async (c) => {
  const p = await params(c, createSchema);
  const v = await createV1Filter(c.var.ctx, viewerId(c), {
    phrase: p.phrase,
    context: p.context,
    irreversible: p.irreversible,
    wholeWord: p.whole_word,
    expiresIn: p.expires_in ?? null,
  });
  return c.json(serializeV1Filter(v));
});

filtersV1Routes.put('/api/v1/filters/:id', requireUser('write:filters'), async (c) => {
  const id = pathId(c);
  const p = await params(c, updateSchema);
  const v = await updateV1Filter(c.var.ctx, viewerId(c), id, {
    phrase: p.phrase,
    context: p.context,
    irreversible: p.irreversible,
    wholeWord: p.whole_word,
    expiresIn: p.expires_in,
  });
  return c.json(serializeV1Filter(v));
});

filtersV1Routes.delete('/api/v1/filters/:id', requireUser('write:filters'), async (c) => {
  await deleteV1Filter(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});
