// A small client for Tribune's public Mastodon-compatible API: the same calls any third-party app makes.
import { getToken } from './session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  /** Query for the next (older) page, from the Link header; null at the end. */
  next: string | null;
}

type Body = Record<string, unknown> | FormData | URLSearchParams | undefined;

export interface CallOptions {
  method?: string;
  body?: Body;
  token?: string | null;
  query?: Record<string, string | number | boolean | string[] | undefined>;
}

function queryString(q: CallOptions['query']): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) p.append(`${k}[]`, x);
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function send(path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = opts.token === undefined ? getToken() : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof URLSearchParams) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path + queryString(opts.query), { method: opts.method ?? (body ? 'POST' : 'GET'), headers, body });
  } catch {
    throw new ApiError(0, 'offline');
  }
  if (!res.ok) {
    let message = res.statusText || `HTTP ${res.status}`;
    try {
      const data = await res.json();
      if (data && typeof data.error === 'string') message = data.error;
    } catch {
      // Not JSON: keep the status text.
    }
    throw new ApiError(res.status, message);
  }
  return res;
}

export async function api<T = any>(path: string, opts: CallOptions = {}): Promise<T> {
  const res = await send(path, opts);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** Reads one page of a paginated list and the Link header's rel="next". */
export async function page<T = any>(path: string, opts: CallOptions = {}): Promise<Page<T>> {
  const res = await send(path, opts);
  const items = (await res.json()) as T[];
  const link = res.headers.get('link') ?? '';
  const m = /<([^>]+)>\s*;\s*rel="next"/.exec(link);
  let next: string | null = null;
  if (m && items.length > 0) {
    const u = new URL(m[1]!, location.origin);
    next = u.pathname + u.search;
  }
  return { items, next };
}
