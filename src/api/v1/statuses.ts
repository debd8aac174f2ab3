import { Hono } from 'hono';
import { z } from 'zod';
import type { Scope } from '../../domain/auth/scopes.js';
import { bookmark, favourite, muteThread, pin, unbookmark, unfavourite, unpin, vote } from '../../domain/statuses/interactions.service.js';
import { postAudience, quotesOf } from '../../domain/statuses/post-audience.service.js';
import { schedulePost } from '../../domain/statuses/scheduled.service.js';
import {
  createStatus,
  deleteStatus,
  editStatus,
  getOwnStatus,
  getVisibleStatus,
  type PostInput,
  reblogStatus,
  revokeQuote,
  setQuotePolicy,
  unreblogStatus,
} from '../../domain/statuses/statuses.service.js';
import type { StatusRow } from '../../domain/statuses/statuses.store.js';
import { statusContext } from '../../domain/statuses/thread.service.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { optionalUser, requireUser } from '../../middleware/auth.js';
import type { StatusEntity } from '../entities/status.js';
import { serializeStatusSource } from '../entities/status-edit.js';
import type { AppEnv } from '../env.js';
import { pageSchema, setLinkHeader, toPage } from '../pagination.js';
import { params, pathId, zBool, zId, zList } from '../params.js';
import { loadAccounts } from '../render/accounts.js';
import {
  type RenderOptions,
  renderCard,
  renderScheduledStatus,
  renderStatus,
  renderStatusById,
  renderStatusContext,
  renderStatusHistory,
  renderStatusIds,
} from '../render/statuses.js';

export const statusesRoutes = new Hono<AppEnv>();

const visibility = z.enum(['public', 'unlisted', 'private', 'direct']);
const text = (max: number) => z.string().max(max);
// An ISO 639 code (optionally with a region); clients send "" for "none".
const language = z.preprocess(
  (v) => (v === '' ? null : v),
  z
    .string()
    .regex(/^[a-zA-Z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'is not a language code')
    .nullish(),
);

// poll[options][]=a&poll[expires_in]=300 as a form, or a JSON object; limits are checked in src/domain/polls.
const poll = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .object({
      options: zList(z.string().max(1000)),
      expires_in: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int()),
      multiple: zBool.optional(),
      hide_totals: zBool.optional(),
    })
    .optional(),
);
const toPollInput = (p: z.infer<typeof poll>) =>
  p ? { options: p.options, expiresIn: p.expires_in, multiple: p.multiple, hideTotals: p.hide_totals } : undefined;

const createSchema = z.object({
  status: text(100_000).optional(),
  spoiler_text: text(100_000).optional(),
  visibility: visibility.optional(),
  sensitive: zBool.optional(),
  language,
  in_reply_to_id: zId.nullish(),
  media_ids: zList(zId).optional(),
  quoted_status_id: zId.nullish(),
  quote_approval_policy: z.enum(['public', 'followers', 'nobody']).optional(),
  poll,
  scheduled_at: z.string().nullish(),
});

const editSchema = z.object({
  status: text(100_000).optional(),
  spoiler_text: text(100_000).optional(),
  sensitive: zBool.optional(),
  language,
  media_ids: zList(zId).optional(),
  // New alt text or focal points for the attachments the post keeps (as Mastodon's edit).
  media_attributes: z
    .array(z.object({ id: zId, description: z.string().optional(), focus: z.string().optional() }))
    .max(4)
    .optional(),
  poll,
});

// Posts asked for by id are seen as in a thread (Mastodon's web app opens them there); a `hide` match still
// answers the post, marked, rather than a 404.
const ASKED_FOR: RenderOptions = { filterContext: 'thread', keepHidden: true };

async function render(c: { var: AppEnv['Variables'] }, row: StatusRow, opts: RenderOptions = {}): Promise<StatusEntity> {
  const viewer = c.var.viewer?.accountId ?? null;
  const entity = await renderStatus(c.var.ctx, row, viewer, opts);
  if (!entity) throw new ValidationError('Validation failed: the post is not visible', 'id');
  return entity;
}

statusesRoutes.post('/api/v1/statuses', requireUser('write:statuses'), async (c) => {
  const ctx = c.var.ctx;
  const p = await params(c, createSchema);
  const viewer = c.var.viewer!;
  const input: PostInput = {
    status: p.status,
    spoilerText: p.spoiler_text,
    visibility: p.visibility,
    sensitive: p.sensitive,
    language: p.language ?? null,
    inReplyToId: p.in_reply_to_id ?? undefined,
    mediaIds: p.media_ids,
    quotedStatusId: p.quoted_status_id ?? undefined,
    quotePolicy: p.quote_approval_policy,
    poll: toPollInput(p.poll),
    idempotencyKey: c.req.header('idempotency-key')?.slice(0, 200) || undefined,
    applicationId: viewer.appId,
  };
  // With scheduled_at Mastodon answers a ScheduledStatus instead of a Status.
  if (p.scheduled_at) return c.json(await renderScheduledStatus(ctx, await schedulePost(ctx, viewer.accountId!, input, p.scheduled_at)));
  const row = await createStatus(ctx, viewer.accountId!, input);
  return c.json(await render(c, row));
});

statusesRoutes.get('/api/v1/statuses', optionalUser('read:statuses'), async (c) => {
  const p = await params(c, z.object({ id: zList(zId).optional() }));
  const ids = (p.id ?? []).slice(0, 40);
  return c.json(await renderStatusIds(c.var.ctx, ids, c.var.viewer?.accountId ?? null, ASKED_FOR));
});

statusesRoutes.get('/api/v1/statuses/:id', optionalUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const viewer = c.var.viewer?.accountId ?? null;
  const row = await getVisibleStatus(c.var.ctx, viewer, id);
  return c.json(await render(c, row, ASKED_FOR));
});

statusesRoutes.delete('/api/v1/statuses/:id', requireUser('write:statuses'), async (c) => {
  const ctx = c.var.ctx;
  const id = pathId(c);
  const me = c.var.viewer!.accountId!;
  const row = await getOwnStatus(ctx, me, id);
  // Rendered before the purge: the answer carries the source text for "delete & redraft".
  const entity = await render(c, row);
  await deleteStatus(ctx, me, id);
  return c.json({ ...entity, text: row.text, spoiler_text: row.spoiler_text });
});

statusesRoutes.put('/api/v1/statuses/:id', requireUser('write:statuses'), async (c) => {
  const id = pathId(c);
  const p = await params(c, editSchema);
  const row = await editStatus(c.var.ctx, c.var.viewer!.accountId!, id, {
    status: p.status,
    spoilerText: p.spoiler_text,
    sensitive: p.sensitive,
    language: p.language,
    mediaIds: p.media_ids,
    mediaAttributes: p.media_attributes,
    poll: toPollInput(p.poll),
  });
  return c.json(await render(c, row));
});

statusesRoutes.get('/api/v1/statuses/:id/history', optionalUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const row = await getVisibleStatus(c.var.ctx, c.var.viewer?.accountId ?? null, id);
  return c.json(await renderStatusHistory(c.var.ctx, row));
});

statusesRoutes.get('/api/v1/statuses/:id/source', requireUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const row = await getOwnStatus(c.var.ctx, c.var.viewer!.accountId!, id);
  return c.json(serializeStatusSource(row));
});

const contextSchema = z.object({ sort: z.enum(['thread', 'score']).optional() });

statusesRoutes.get('/api/v1/statuses/:id/context', optionalUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const p = await params(c, contextSchema);
  const viewer = c.var.viewer?.accountId ?? null;
  const thread = await statusContext(c.var.ctx, viewer, id, p.sort ?? 'thread');
  return c.json(await renderStatusContext(c.var.ctx, thread, viewer));
});

// Deprecated by Mastodon 3.0 (Status.card carries it) but still answered: the card, or {} when there is none.
// https://docs.joinmastodon.org/methods/statuses/#card
statusesRoutes.get('/api/v1/statuses/:id/card', optionalUser('read:statuses'), async (c) => {
  const id = pathId(c);
  const row = await getVisibleStatus(c.var.ctx, c.var.viewer?.accountId ?? null, id);
  return c.json((await renderCard(c.var.ctx, row)) ?? {});
});

type Action = (ctx: AppEnv['Variables']['ctx'], accountId: string, id: string) => Promise<StatusRow>;

function action(path: string, scope: Scope, run: Action): void {
  statusesRoutes.post(path, requireUser(scope), async (c) => {
    const id = pathId(c);
    const acted = await run(c.var.ctx, c.var.viewer!.accountId!, id);
    // Counters moved: answer with the post as it is now (as it was, when it is gone since).
    const now = await renderStatusById(c.var.ctx, acted.id, c.var.viewer!.accountId!);
    return c.json(now ?? (await render(c, acted)));
  });
}

statusesRoutes.post('/api/v1/statuses/:id/reblog', requireUser('write:statuses'), async (c) => {
  const id = pathId(c);
  const p = await params(c, z.object({ visibility: visibility.optional() }));
  const row = await reblogStatus(c.var.ctx, c.var.viewer!.accountId!, id, p.visibility);
  return c.json(await render(c, row));
});
action('/api/v1/statuses/:id/unreblog', 'write:statuses', unreblogStatus);
action('/api/v1/statuses/:id/favourite', 'write:favourites', favourite);
action('/api/v1/statuses/:id/unfavourite', 'write:favourites', unfavourite);
action('/api/v1/statuses/:id/bookmark', 'write:bookmarks', bookmark);
action('/api/v1/statuses/:id/unbookmark', 'write:bookmarks', unbookmark);
action('/api/v1/statuses/:id/pin', 'write:accounts', pin);
action('/api/v1/statuses/:id/unpin', 'write:accounts', unpin);
action('/api/v1/statuses/:id/mute', 'write:mutes', (ctx, a, id) => muteThread(ctx, a, id, true));
action('/api/v1/statuses/:id/unmute', 'write:mutes', (ctx, a, id) => muteThread(ctx, a, id, false));
// Tribune extension: Parler-style votes on replies.
action('/api/v1/statuses/:id/upvote', 'write:favourites', (ctx, a, id) => vote(ctx, a, id, 1));
action('/api/v1/statuses/:id/downvote', 'write:favourites', (ctx, a, id) => vote(ctx, a, id, -1));
action('/api/v1/statuses/:id/unvote', 'write:favourites', (ctx, a, id) => vote(ctx, a, id, 0));

/** Accounts who favourited / echoed a post, newest first, with Link headers keyed on the favourite / echo id. */
for (const what of ['favourited_by', 'reblogged_by'] as const) {
  statusesRoutes.get(`/api/v1/statuses/:id/${what}`, optionalUser('read:accounts'), async (c) => {
    const ctx = c.var.ctx;
    const page = toPage(await params(c, pageSchema(40, 80)));
    const rows = await postAudience(ctx, c.var.viewer?.accountId ?? null, pathId(c), what, page);
    const accounts = await loadAccounts(
      ctx,
      rows.map((r) => r.account_id),
    );
    setLinkHeader(
      c,
      rows.map((r) => r.page_id),
    );
    return c.json(rows.flatMap((r) => (accounts.has(r.account_id) && !accounts.get(r.account_id)!.suspended ? [accounts.get(r.account_id)!] : [])));
  });
}

statusesRoutes.get('/api/v1/statuses/:id/quotes', optionalUser('read:statuses'), async (c) => {
  const ctx = c.var.ctx;
  const viewer = c.var.viewer?.accountId ?? null;
  const page = toPage(await params(c, pageSchema(20, 40)));
  const ids = await quotesOf(ctx, viewer, pathId(c), page);
  setLinkHeader(c, ids);
  return c.json(await renderStatusIds(ctx, ids, viewer));
});

statusesRoutes.post('/api/v1/statuses/:id/quotes/:quoting_status_id/revoke', requireUser('write:statuses'), async (c) => {
  const id = pathId(c);
  const quotingId = pathId(c, 'quoting_status_id');
  const row = await revokeQuote(c.var.ctx, c.var.viewer!.accountId!, id, quotingId);
  const entity = await renderStatus(c.var.ctx, row, c.var.viewer!.accountId);
  if (!entity) throw new NotFoundError();
  return c.json(entity);
});

statusesRoutes.put('/api/v1/statuses/:id/interaction_policy', requireUser('write:statuses'), async (c) => {
  const id = pathId(c);
  const p = await params(c, z.object({ quote_approval_policy: z.enum(['public', 'followers', 'nobody']) }));
  const row = await setQuotePolicy(c.var.ctx, c.var.viewer!.accountId!, id, p.quote_approval_policy);
  return c.json(await render(c, row));
});
