import { Agent, request } from 'node:http';
import type { FuzzInput, Identity } from './fuzz-inputs.js';

export interface FuzzRequest extends FuzzInput {
  method: string;
  /** The route as registered (what failures are grouped by). */
  route: string;
  identity: Identity;
  streaming: boolean;
}

export interface Outcome {
  status: number;
  body: string;
  requestId: string | null;
  /** Set when no answer came: the server hung, or the connection broke. */
  failure?: string;
}

const TIMEOUT_MS = 20_000;
// A fresh connection per request: a kept-alive socket that the server closes after its keep-alive timeout, just as
// the next request is written on it, resets that request (a client race, not a server fault; Node retries only GETs).
const agent = new Agent({ keepAlive: false, maxSockets: 16 });

/** The body as bytes, with the content type a FormData gets (its boundary). */
async function encodeBody(body: FuzzInput['body']): Promise<{ bytes?: Buffer; contentType?: string }> {
  if (body === undefined) return {};
  if (typeof body === 'string') return { bytes: Buffer.from(body, 'utf8') };
  if (body instanceof Uint8Array) return { bytes: Buffer.from(body) };
  const encoded = new Request('http://localhost/', { method: 'POST', body });
  return { bytes: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? undefined };
}

/**
 * Sends one request with node:http (no client-side checks on what is sent; response headers capped at Node's
 * 16 KB like most clients). An event stream is cut off as soon as its headers are in.
 */
export async function send(baseUrl: string, req: FuzzRequest, token: string | undefined): Promise<Outcome> {
  const headers: Record<string, string | number> = { ...req.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const { bytes, contentType } = await encodeBody(req.body);
  if (contentType) headers['content-type'] = contentType;
  if (bytes) headers['content-length'] = bytes.length;
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    let r: ReturnType<typeof request>;
    try {
      r = request(baseUrl + req.path, { method: req.method, headers, agent }, onResponse);
    } catch (err) {
      // Node's client refuses some inputs itself (characters not allowed in a path or a header): never sent.
      resolve({ status: -1, body: '', requestId: null, failure: `not sent: ${(err as Error).message}` });
      return;
    }
    function onResponse(res: import('node:http').IncomingMessage) {
      const status = res.statusCode ?? 0;
      const requestId = (res.headers['x-request-id'] as string | undefined) ?? null;
      if (String(res.headers['content-type'] ?? '').includes('text/event-stream')) {
        done({ status, body: '(event stream)', requestId });
        r.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status, body: Buffer.concat(chunks).toString('utf8'), requestId }));
      res.on('error', (err) => done({ status, body: Buffer.concat(chunks).toString('utf8'), requestId, failure: `response broke off: ${err.message}` }));
    }
    const timer = setTimeout(() => {
      done({ status: 0, body: '', requestId: null, failure: `no answer within ${TIMEOUT_MS / 1000} s` });
      r.destroy();
    }, TIMEOUT_MS);
    r.on('error', (err: Error & { code?: string }) => {
      const why = err.code === 'HPE_HEADER_OVERFLOW' ? 'response headers over 16 KB (clients refuse them)' : `${err.code ?? ''} ${err.message}`.trim();
      done({ status: 0, body: '', requestId: null, failure: why });
    });
    r.end(bytes);
  });
}

/** Runs `work` over `items`, `concurrency` at a time, in order of start. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

const PROTOTYPES = {
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'Function.prototype': Function.prototype,
  'String.prototype': String.prototype,
} as const;

/** Own properties of the built-in prototypes, to notice one added or overwritten by a request. */
export function prototypeSnapshot(): Map<string, Map<string | symbol, PropertyDescriptor>> {
  return new Map(
    Object.entries(PROTOTYPES).map(([name, proto]) => [name, new Map(Reflect.ownKeys(proto).map((k) => [k, Reflect.getOwnPropertyDescriptor(proto, k)!]))]),
  );
}

/**
 * Properties added to or overwritten on a built-in prototype since the snapshot, and `polluted` visible on a fresh
 * object. They are put back at once, so that one polluting request does not break every request after it.
 */
export function takePollution(snapshot: Map<string, Map<string | symbol, PropertyDescriptor>>): string[] {
  const found: string[] = [];
  for (const [name, proto] of Object.entries(PROTOTYPES)) {
    const known = snapshot.get(name)!;
    for (const key of Reflect.ownKeys(proto)) {
      const before = known.get(key);
      const now = Reflect.getOwnPropertyDescriptor(proto, key)!;
      if (before && before.value === now.value && before.get === now.get && before.set === now.set) continue;
      found.push(`${name}.${String(key)} ${before ? 'overwritten with' : '='} ${String(JSON.stringify(now.value) ?? typeof now.value).slice(0, 60)}`);
      if (before) Object.defineProperty(proto, key, before);
      else delete (proto as Record<string | symbol, unknown>)[key];
    }
  }
  if (({} as Record<string, unknown>).polluted !== undefined) found.push('({}).polluted is set');
  return found;
}
