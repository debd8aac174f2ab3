import { Hono } from 'hono';
import { z } from 'zod';
import {
  addMembers,
  createList,
  listMembers,
  listsWithAccount,
  listTimeline,
  ownList,
  removeList,
  removeMembers,
  updateList,
  viewerLists,
} from '../../domain/lists/lists.service.js';
import { requireUser, viewerId } from '../../middleware/auth.js';
import { accountPage } from '../account-page.js';
import { serializeList } from '../entities/list.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId, zBool, zId, zList } from '../params.js';
import { renderStatusIds } from '../render/statuses.js';

// Mastodon's lists: https://docs.joinmastodon.org/methods/lists/ and GET /api/v1/timelines/list/:list_id.
export const listsRoutes = new Hono<AppEnv>();

/** Mastodon sets no length limit on a title beyond its presence; 256 keeps them sane. */
export const MAX_LIST_TITLE = 256;

const listFields = {
  title: z.string().max(MAX_LIST_TITLE, `is too long (maximum is ${MAX_LIST_TITLE} characters)`),
  replies_policy: z.enum(['followed', 'list', 'none'], { error: 'must be one of followed, list, none' }),
  exclusive: zBool,
};
const createSchema = z.object({
  title: listFields.title.optional(),
  replies_policy: listFields.replies_policy.optional(),
  exclusive: listFields.exclusive.optional(),
});
const updateSchema = createSchema;
const accountIdsSchema = z.object({ account_ids: zList(zId) });
// Mastodon: 40 by default, at most 80, and 0 for every member at once.
const membersSchema = pageSchema(40, 80).extend({
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .default(40)
    .transform((n) => Math.min(n, 80)),
});
const timelineSchema = pageSchema(20, 40);

const input = (p: z.infer<typeof createSchema>) => ({ title: p.title, repliesPolicy: p.replies_policy, exclusive: p.exclusive });

listsRoutes.get('/api/v1/lists', requireUser('read:lists'), async (c) => {
  return c.json((await viewerLists(c.var.ctx, viewerId(c))).map(serializeList));
});

listsRoutes.post('/api/v1/lists', requireUser('write:lists'), async (c) => {
  const p = await params(c, createSchema);
  return c.json(serializeList(await createList(c.var.ctx, viewerId(c), input(p))));
});

listsRoutes.get('/api/v1/lists/:id', requireUser('read:lists'), async (c) => {
  return c.json(serializeList(await ownList(c.var.ctx, viewerId(c), pathId(c))));
});

listsRoutes.put('/api/v1/lists/:id', requireUser('write:lists'), async (c) => {
  const id = pathId(c);
  const p = await params(c, updateSchema);
  return c.json(serializeList(await updateList(c.var.ctx, viewerId(c), id, input(p))));
});

listsRoutes.delete('/api/v1/lists/:id', requireUser('write:lists'), async (c) => {
  await removeList(c.var.ctx, viewerId(c), pathId(c));
  return c.json({});
});

listsRoutes.get('/api/v1/lists/:id/accounts', requireUser('read:lists'), async (c) => {
  const id = pathId(c);
  const p = await params(c, membersSchema);
  return accountPage(c, await listMembers(c.var.ctx, viewerId(c), id, toPage(p)));
});

listsRoutes.post('/api/v1/lists/:id/accounts', requireUser('write:lists'), async (c) => {
  const id = pathId(c);
  const p = await params(c, accountIdsSchema);
  await addMembers(c.var.ctx, viewerId(c), id, p.account_ids);
  return c.json({});
});

listsRoutes.delete('/api/v1/lists/:id/accounts', requireUser('write:lists'), async (c) => {
  const id = pathId(c);
  const p = await params(c, accountIdsSchema);
  await removeMembers(c.var.ctx, viewerId(c), id, p.account_ids);
  return c.json({});
});

listsRoutes.get('/api/v1/accounts/:id/lists', requireUser('read:lists'), async (c) => {
  return c.json((await listsWithAccount(c.var.ctx, viewerId(c), pathId(c))).map(serializeList));
});

// Read at request time and not cached: only home pages are (src/api/page-cache.ts).
listsRoutes.get('/api/v1/timelines/list/:list_id', requireUser('read:lists'), async (c) => {
  const id = pathId(c, 'list_id');
  const page = await listTimeline(c.var.ctx, viewerId(c), id, toPage(await params(c, timelineSchema)));
  setLinkHeader(c, page.pageIds);
  return c.json(await renderStatusIds(c.var.ctx, page.statusIds, viewerId(c), { hideMuted: true, filterContext: 'home' }));
});
