import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Infra, ServerHook } from '../../infra/infra.js';
import { RECONNECT_AFTER_MS } from '../../infra/lifecycle.js';
import type { TokenDeps } from '../auth/tokens.js';
import { resolveToken, type Viewer } from '../auth/tokens.js';
import type { StreamSlotsDeps } from './connections.js';
import { acquireStreamSlot } from './connections.js';
import { type StreamMessage, type StreamRenderer, StreamSession } from './session.js';
import { checkStream, StreamError, type StreamRequest } from './streams.js';

export type WebSocketDeps = Pick<Infra, 'db' | 'events' | 'logger' | 'onClose' | 'lifecycle'> & TokenDeps & StreamSlotsDeps;

export const STREAMING_PATH = '/api/v1/streaming';
const PING_MS = 30_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Where the access token comes from, in Mastodon's order: the Authorization header, the access_token
 * query parameter, then the Sec-WebSocket-Protocol header (browsers cannot set headers on a WebSocket).
 */
export function tokenFromRequest(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(.+)$/i.exec(auth.trim()) : null;
  if (m) return m[1]!;
  const query = url.searchParams.get('access_token');
  if (query) return query;
  const protocol = req.headers['sec-websocket-protocol'];
  return (typeof protocol === 'string' ? protocol.split(',')[0]?.trim() : undefined) || null;
}

function refuse(socket: Duplex, status: 400 | 401 | 404 | 429, message: string): void {
  const body = JSON.stringify({ error: message });
  const reason = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 429: 'Too Many Requests' }[status];
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Mastodon's streaming WebSocket on /api/v1/streaming: https://docs.joinmastodon.org/methods/streaming/#websocket */
export function streamingWebSocketHook(ctx: WebSocketDeps, renderer: StreamRenderer): ServerHook {
  return (server) => {
    // The token is echoed as the subprotocol when it came that way, as Mastodon does (browsers require the echo).
    const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024, handleProtocols: (protocols) => protocols.values().next().value ?? false });
    const clients = new Set<WebSocket>();

    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.replace(/\/+$/, '') !== STREAMING_PATH) {
        // Node hands every Upgrade request to 'upgrade' listeners, so one on another path would hang unanswered.
        // This is Tribune's only WebSocket endpoint: a new one should be dispatched from here.
        return refuse(socket, 404, 'Not found');
      }
      socket.on('error', () => socket.destroy());
      const token = tokenFromRequest(req, url);
      if (!token) return refuse(socket, 401, 'Missing access token');
      resolveToken(ctx, token)
        .then((viewer) => {
          if (!viewer) return refuse(socket, 401, 'Invalid access token');
          if (!viewer.accountId) return refuse(socket, 401, 'This stream requires an authenticated user');
          const release = acquireStreamSlot(ctx, viewer.accountId);
          if (!release) return refuse(socket, 429, 'Too many streaming connections');
          socket.once('close', release);
          wss.handleUpgrade(req, socket, head, (ws) => {
            clients.add(ws);
            serve(ctx, ws, viewer, token, url, renderer, () => {
              clients.delete(ws);
              release();
            });
          });
        })
        .catch((err) => {
          ctx.logger.error({ err }, 'streaming: upgrade failed');
          socket.destroy();
        });
    });

    // Upgraded sockets are no longer the HTTP server's, so server.close() would wait on them forever:
    // end them first (going away), and again when the context shuts down.
    const endAll = () => {
      // On SIGTERM, 1012 Service Restart with when to come back (src/infra/lifecycle.ts); else 1001 Going Away.
      const [code, reason] = ctx.lifecycle.draining ? [1012, `Server restarting: reconnect in ${RECONNECT_AFTER_MS / 1000} s`] : [1001, 'Server shutting down'];
      for (const ws of clients) ws.close(code, reason);
      setTimeout(() => {
        for (const ws of clients) ws.terminate();
      }, 1000).unref();
    };
    const closeServer = server.close.bind(server);
    server.close = ((callback?: (err?: Error) => void) => {
      endAll();
      return closeServer(callback);
    }) as typeof server.close;
    ctx.onClose.push(async () => {
      for (const ws of clients) ws.terminate();
      clients.clear();
      wss.close();
    });
  };
}

function serve(ctx: WebSocketDeps, ws: WebSocket, viewer: Viewer, token: string, url: URL, renderer: StreamRenderer, done: () => void): void {
  const send = (message: StreamMessage | { error: string; status: number }) => {
    if (ws.readyState !== ws.OPEN) return;
    // A client that stops reading must not make the server buffer without end.
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
    ws.send(JSON.stringify(message));
  };
  const session = new StreamSession(ctx.events, viewer, renderer, send, ctx.logger);
  session.onOverflow = () => ws.close(1013, 'Too far behind');
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof StreamError) send({ error: err.message, status: err.status });
      else throw err;
    }
  };
  // Most streams are checked at once; a list stream asks the database whose list it is first.
  const subscribe = (req: StreamRequest) => {
    if (req.stream !== 'list') return attempt(() => session.subscribe(req));
    checkStream(ctx, req, viewer).then(
      () => attempt(() => session.subscribe(req)),
      (err: unknown) =>
        attempt(() => {
          throw err;
        }),
    );
  };

  const initial = url.searchParams.get('stream');
  if (initial) subscribe(requestFrom({ stream: initial, tag: url.searchParams.get('tag'), list: url.searchParams.get('list') }));

  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ error: 'Binary messages are not accepted', status: 400 });
    let msg: Record<string, unknown>;
    try {
      const parsed = JSON.parse(data.toString()) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch {
      return send({ error: 'Invalid JSON message', status: 400 });
    }
    if (typeof msg.stream !== 'string') return send({ error: 'Missing stream', status: 400 });
    const req = requestFrom(msg);
    if (msg.type === 'subscribe') subscribe(req);
    else if (msg.type === 'unsubscribe') session.unsubscribe(req);
    else send({ error: 'Unknown message type', status: 400 });
  });

  // Pings keep proxies from closing idle connections; each also re-checks the token, so a revoked
  // token or a suspended account stops receiving within one interval.
  let alive = true;
  ws.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
    resolveToken(ctx, token)
      .then((v) => {
        if (!v) ws.close(1008, 'Access token revoked');
      })
      .catch(() => {});
  }, PING_MS);
  timer.unref();

  const cleanup = () => {
    clearInterval(timer);
    session.close();
    done();
  };
  ws.on('close', cleanup);
  ws.on('error', () => ws.terminate());
}

function requestFrom(m: Record<string, unknown>): StreamRequest {
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return { stream: str(m.stream) ?? '', tag: str(m.tag), list: str(m.list) };
}
