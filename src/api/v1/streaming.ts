import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { acquireStreamSlot } from '../../domain/streaming/connections.js';
import { type StreamRenderer, StreamSession } from '../../domain/streaming/session.js';
import { streamHides } from '../../domain/streaming/stream-filter.js';
import { checkStream, streamFromPath } from '../../domain/streaming/streams.js';
import { streamingWebSocketHook, type WebSocketDeps } from '../../domain/streaming/websocket.js';
import { BadRequestError, NotFoundError, RateLimitedError } from '../../errors.js';
import type { StreamEvent } from '../../infra/events.js';
import type { Infra } from '../../infra/infra.js';
import { RECONNECT_AFTER_MS } from '../../infra/lifecycle.js';
import { publicRoute, requireUser } from '../../middleware/auth.js';
import type { StatusEntity } from '../entities/status.js';
import type { AppEnv } from '../env.js';
import { renderConversationById, renderNotificationById } from '../render/notifications.js';
import { filterSharedStatus, type RenderDeps, renderSharedStatus, renderStatusById, type SharedStatus } from '../render/statuses.js';

// Mastodon's streaming API: https://docs.joinmastodon.org/methods/streaming/
// Server-sent events here; the WebSocket on /api/v1/streaming is served by a server hook (websocket.ts).
export const streamingRoutes = new Hono<AppEnv>();

const HEARTBEAT_MS = 15_000;

/** Renders events per viewer with the same serializers as the REST API. */
export function streamRenderer(ctx: RenderDeps): StreamRenderer {
  // One anonymous rendering per public event, shared by every subscriber it reaches (the bus hands each
  // handler the same event object).
  const shared = new WeakMap<StreamEvent, Promise<SharedStatus | null>>();
  // Live streams also drop posts by, echoing or mentioning someone the viewer mutes or blocks, and posts
  // whose author blocks the viewer.
  const filtered = (status: StatusEntity, viewerId: string) => {
    const involved = [status.account.id, ...status.mentions.map((m) => m.id)];
    const authors = [status.account.id];
    if (status.reblog) {
      involved.push(status.reblog.account.id, ...status.reblog.mentions.map((m) => m.id));
      authors.push(status.reblog.account.id);
    }
    return streamHides(ctx, viewerId, involved, authors);
  };
  return {
    async status(statusId, viewerId, filterContext) {
      const status = await renderStatusById(ctx, statusId, viewerId, { filterContext });
      if (!status || (await filtered(status, viewerId))) return null;
      return status;
    },
    async publicStatus(event, viewerId, filterContext) {
      let rendering = shared.get(event);
      if (!rendering) {
        rendering = renderSharedStatus(ctx, event.subject);
        shared.set(event, rendering);
      }
      const rendered = await rendering;
      if (!rendered || (await filtered(rendered.entity, viewerId))) return null;
      return filterContext ? filterSharedStatus(ctx, rendered, viewerId, filterContext) : rendered.entity;
    },
    notification: (id, viewerId) => renderNotificationById(ctx, id, viewerId),
    conversation: (id, viewerId) => renderConversationById(ctx, id, viewerId),
  };
}

/** Called once at start: the WebSocket endpoint needs the raw Node server. */
export function registerStreaming(ctx: RenderDeps & WebSocketDeps & Pick<Infra, 'serverHooks'>): void {
  ctx.serverHooks.push(streamingWebSocketHook(ctx, streamRenderer(ctx)));
}

streamingRoutes.get('/api/v1/streaming/health', publicRoute(), (c) => c.text('OK'));

// On the main host, a plain request to the base path says "same host" (Mastodon answers Not Found).
streamingRoutes.get('/api/v1/streaming', publicRoute(), () => {
  throw new NotFoundError('Not found');
});

const SSE_STREAMS = new Set(['user', 'user:notification', 'public', 'public:local', 'public:remote', 'hashtag', 'hashtag:local', 'list', 'direct']);

streamingRoutes.get('/api/v1/streaming/*', requireUser(['read:statuses', 'read:notifications'], 401), async (c) => {
  const ctx = c.var.ctx;
  let name = streamFromPath(c.req.path.slice('/api/v1/streaming'.length));
  if (!SSE_STREAMS.has(name)) throw new BadRequestError('Unknown channel requested');
  const onlyMedia = ['true', '1'].includes(c.req.query('only_media') ?? '');
  if (onlyMedia && name.startsWith('public')) name = `${name}:media`;
  const request = { stream: name, tag: c.req.query('tag'), list: c.req.query('list') };
  const viewer = c.var.viewer!;
  await checkStream(ctx, request, viewer);

  const release = acquireStreamSlot(ctx, viewer.accountId!);
  if (!release) throw new RateLimitedError(60, 'Too many streaming connections');
  c.header('Content-Type', 'text/event-stream; charset=utf-8');
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  return stream(c, async (out) => {
    const write = (text: string) => {
      if (!out.aborted && !out.closed) out.write(text).catch(() => {});
    };
    const session = new StreamSession(ctx.events, viewer, streamRenderer(ctx), (m) => write(`event: ${m.event}\ndata: ${m.payload ?? ''}\n\n`), ctx.logger);
    session.onOverflow = () => out.abort();
    let stopDrain = () => {};
    const closed = new Promise<void>((resolve) => {
      out.onAbort(resolve);
      // Shutdown: tell the client when to come back (the SSE `retry` field), then end the stream.
      stopDrain = ctx.lifecycle.onDrain(() => {
        write(`retry: ${RECONNECT_AFTER_MS}\nevent: tribune.restart\ndata: {"reconnect_after_ms":${RECONNECT_AFTER_MS}}\n\n`);
        resolve();
      });
    });
    session.subscribe(request);
    write(':)\n');
    const heartbeat = setInterval(() => write(':thump\n'), HEARTBEAT_MS);
    try {
      await closed;
    } finally {
      clearInterval(heartbeat);
      stopDrain();
      session.close();
      release();
    }
  });
});
