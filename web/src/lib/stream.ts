// Live updates over Mastodon's streaming API (one WebSocket, reconnecting with backoff).
import { getToken } from './session';

export interface StreamMessage {
  stream: string[];
  event: string;
  payload: any;
}

type Handler = (m: StreamMessage) => void;

const handlers = new Map<string, Set<Handler>>();
let socket: WebSocket | null = null;
let retry = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let wantedToken: string | null = null;

function connect(): void {
  const token = wantedToken;
  if (!token) return;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/streaming?access_token=${encodeURIComponent(token)}&stream=user`);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    for (const stream of handlers.keys()) if (stream !== 'user') ws.send(JSON.stringify({ type: 'subscribe', ...parseStream(stream) }));
  };
  ws.onmessage = (e) => {
    let msg: any;
    try {
      msg = JSON.parse(String(e.data));
    } catch {
      return;
    }
    if (!msg?.event) return;
    let payload = msg.payload;
    // Entities come as JSON text; delete events carry a bare id, kept as a string (a 64-bit id read as a number
    // loses its last digits, and the post or announcement it names would never be found).
    if (typeof payload === 'string' && /^\s*[[{]/.test(payload)) {
      try {
        payload = JSON.parse(payload);
      } catch {
        // Not JSON after all: leave the text.
      }
    }
    const streams: string[] = Array.isArray(msg.stream) ? msg.stream : ['user'];
    const key =
      streams[0] === 'hashtag' ? `hashtag:${String(streams[1]).toLowerCase()}` : streams[0] === 'list' ? `list:${streams[1]}` : (streams[0] ?? 'user');
    const targets = new Set<Handler>([...(handlers.get(key) ?? []), ...(key.startsWith('user') ? (handlers.get('user') ?? []) : [])]);
    for (const h of targets) h({ stream: streams, event: msg.event, payload });
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (!wantedToken) return;
    retry = Math.min(retry + 1, 6);
    timer = setTimeout(connect, 500 * 2 ** retry);
  };
}

function parseStream(stream: string): { stream: string; tag?: string; list?: string } {
  if (stream.startsWith('list:')) return { stream: 'list', list: stream.slice('list:'.length) };
  const [name, tag] = stream.split(':');
  return tag ? { stream: name!, tag } : { stream: name! };
}

/** Listens to a stream (user, user:notification, public:local, hashtag:<tag>, list:<id>) while signed in. */
export function listen(stream: string, handler: Handler): () => void {
  let set = handlers.get(stream);
  if (!set) {
    set = new Set();
    handlers.set(stream, set);
    if (socket?.readyState === WebSocket.OPEN && stream !== 'user') socket.send(JSON.stringify({ type: 'subscribe', ...parseStream(stream) }));
  }
  set.add(handler);
  ensure();
  return () => {
    set.delete(handler);
  };
}

/** Opens or closes the socket to follow the session. */
export function ensure(): void {
  const token = getToken();
  if (token === wantedToken && socket) return;
  wantedToken = token;
  if (timer) clearTimeout(timer);
  if (socket) {
    const s = socket;
    socket = null;
    s.close();
  }
  if (token) connect();
}
