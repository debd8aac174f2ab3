import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { accountTimeline, homeTimeline, markedTimeline, publicTimeline, type TimelinePage, tagTimeline } from '../../domain/timelines/timelines.service.js';
import { followedTags, getTag, setTagFollow, trendingStatuses, trendingTagViews } from '../../domain/trends/tags.service.js';
import { optionalUser, requireUser, viewerId } from '../../middleware/auth.js';
import { CachedBody, sendCachedJson } from '../cached-body.js';
import { serializeTag } from '../entities/tag.js';
import type { AppEnv } from '../env.js';
import { cachedPage } from '../page-cache.js';
import { linkHeader, pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId, zBool, zInt, zList } from '../params.js';
import { type RenderOptions, type RenderSources, renderStatusIds } from '../render/statuses.js';

export const timelinesRoutes = new Hono<AppEnv>();

const tagName = z.string().min(1).max(100);
// Schemas are built once: building one per request cost more than the timeline's SQL.
const publicSchema = pageSchema(20, 40).extend({ local: zBool.optional(), remote: zBool.optional(), only_media: zBool.optional() });
const tagSchema = pageSchema(20, 40).extend({
  local: zBool.optional(),
  remote: zBool.optional(),
  only_media: zBool.optional(),
  any: zList(tagName).optional(),
  all: zList(tagName).optional(),
  none: zList(tagName).optional(),
});
const accountStatusesSchema = pageSchema(20, 40).extend({
  pinned: zBool.optional(),
  exclude_replies: zBool.optional(),
  exclude_reblogs: zBool.optional(),
  only_media: zBool.optional(),
  tagged: tagName.optional(),
});

async function respond(c: Context<AppEnv>, page: TimelinePage, opts: Pick<RenderOptions, 'hideMuted' | 'filterContext'> = {}) {
  setLinkHeader(c, page.pageIds);
  return c.json(await renderStatusIds(c.var.ctx, page.statusIds, c.var.viewer?.accountId ?? null, opts));
}

// Home pages are served from the page cache while nothing on them has changed (src/api/page-cache.ts).
timelinesRoutes.get('/api/v1/timelines/home', requireUser('read:statuses'), async (c) => {
  const ctx = c.var.ctx;
  const viewer = viewerId(c);
  const query = c.req.url.indexOf('?');
  const page = await cachedPage(ctx, `${viewer}${query < 0 ? '' : c.req.url.slice(query)}`, viewer, async () => {
    const tl = await homeTimeline(ctx, viewer, toPage(await params(c, pageSchema(20, 40))));
    // Accounts merged at read time are dependencies even when absent from the page: their next post belongs on it.
    const sources: RenderSources = { statuses: new Set(), accounts: new Set(tl.merged) };
    const body = new CachedBody(JSON.stringify(await renderStatusIds(ctx, tl.statusIds, viewer, { hideMuted: true, sources, filterContext: 'home' })));
    return { body, link: linkHeader(c, tl.pageIds), ...sources };
  });
  if (page.link) c.header('Link', page.link);
  return sendCachedJson(c, page.body);
});

timelinesRoutes.get('/api/v1/timelines/public', optionalUser('read:statuses'), async (c) => {
  const q = await params(c, publicSchema);
  const page = await publicTimeline(c.var.ctx, c.var.viewer?.accountId ?? null, { onlyMedia: !!q.only_media, local: !!q.local, remote: !!q.remote }, toPage(q));
  return respond(c, page, { hideMuted: true, filterContext: 'public' });
});

timelinesRoutes.get('/api/v1/timelines/tag/:hashtag', optionalUser('read:statuses'), async (c) => {
  const q = await params(c, tagSchema);
  const tag = c.req.param('hashtag').replace(/^#/, '');
  const page = await tagTimeline(
    c.var.ctx,
    c.var.viewer?.accountId ?? null,
    { tag, any: q.any, all: q.all, none: q.none, onlyMedia: !!q.only_media, local: !!q.local, remote: !!q.remote },
    toPage(q),
  );
  return respond(c, page, { hideMuted: true, filterContext: 'public' });
});

timelinesRoutes.get('/api/v1/accounts/:id/statuses', optionalUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const q = await params(c, accountStatusesSchema);
  const page = await accountTimeline(
    c.var.ctx,
    c.var.viewer?.accountId ?? null,
    id,
    { pinned: !!q.pinned, excludeReplies: !!q.exclude_replies, excludeReblogs: !!q.exclude_reblogs, onlyMedia: !!q.only_media, tagged: q.tagged },
    toPage(q),
  );
  return respond(c, page, { filterContext: 'account' });
});

timelinesRoutes.get('/api/v1/favourites', requireUser('read:favourites'), async (c) => {
  const p = toPage(await params(c, pageSchema(20, 40)));
  return respond(c, await markedTimeline(c.var.ctx, viewerId(c), 'favourites', p));
});

timelinesRoutes.get('/api/v1/bookmarks', requireUser('read:bookmarks'), async (c) => {
  const p = toPage(await params(c, pageSchema(20, 40)));
  return respond(c, await markedTimeline(c.var.ctx, viewerId(c), 'bookmarks', p));
});

timelinesRoutes.get('/api/v1/tags/:name', optionalUser('read:follows'), async (c) => {
  return c.json(serializeTag(c.var.ctx, await getTag(c.var.ctx, c.req.param('name'), c.var.viewer?.accountId ?? null)));
});

timelinesRoutes.post('/api/v1/tags/:name/follow', requireUser('write:follows'), async (c) => {
  return c.json(serializeTag(c.var.ctx, await setTagFollow(c.var.ctx, viewerId(c), c.req.param('name'), true)));
});

timelinesRoutes.post('/api/v1/tags/:name/unfollow', requireUser('write:follows'), async (c) => {
  return c.json(serializeTag(c.var.ctx, await setTagFollow(c.var.ctx, viewerId(c), c.req.param('name'), false)));
});

timelinesRoutes.get('/api/v1/followed_tags', requireUser('read:follows'), async (c) => {
  const ctx = c.var.ctx;
  const p = toPage(await params(c, pageSchema(100, 200)));
  const { pageIds, views } = await followedTags(ctx, viewerId(c), p);
  setLinkHeader(c, pageIds);
  return c.json(views.map((v) => serializeTag(ctx, v)));
});

const trendsSchema = (max: number, def: number) =>
  z.object({
    limit: zInt(1, 1000)
      .default(def)
      .transform((n) => Math.min(n, max)),
    offset: zInt(0, 10_000).default(0),
  });

const trendTagsSchema = trendsSchema(20, 10);
const trendStatusesSchema = trendsSchema(40, 20);

async function trendingTagsRoute(c: Context<AppEnv>) {
  const q = await params(c, trendTagsSchema);
  const views = await trendingTagViews(c.var.ctx, c.var.viewer?.accountId ?? null, q.limit, q.offset);
  return c.json(views.map((v) => serializeTag(c.var.ctx, v)));
}
timelinesRoutes.get('/api/v1/trends/tags', optionalUser('read:follows'), trendingTagsRoute);
timelinesRoutes.get('/api/v1/trends', optionalUser('read:follows'), trendingTagsRoute);

timelinesRoutes.get('/api/v1/trends/statuses', optionalUser('read:statuses'), async (c) => {
  const q = await params(c, trendStatusesSchema);
  const ids = await trendingStatuses(c.var.ctx, q.limit, q.offset);
  return c.json(await renderStatusIds(c.var.ctx, ids, c.var.viewer?.accountId ?? null, { hideMuted: true, filterContext: 'public' }));
});

// Trending links: trends-links.ts.
