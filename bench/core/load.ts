import autocannon from 'autocannon';

export interface RequestSpec {
  path: string;
  token?: string;
  json?: unknown;
}

/** One endpoint under load: a request template, varied per request by `next` (token, id, body). */
export interface EndpointSpec {
  name: string;
  method: 'GET' | 'POST';
  /** Called for every request: the path, and optionally a bearer token and a JSON body. */
  next(i: number): RequestSpec;
  /** Writes sent at a steady rate beside the load (warm-up included), as other people's activity. */
  background?: Array<{ perSecond: number; method: 'POST'; next(i: number): RequestSpec }>;
}

export interface EndpointResult {
  name: string;
  method: string;
  /** Path of the first request, with ids as they were (for the report). */
  example: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Requests that failed: socket errors, timeouts and non-2xx answers. */
  errors: number;
  total: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** The server's CPU time (user + system) per answered request during the measured run, when known. */
  cpuMsPerRequest: number | null;
  /** The background writes sent during the measured run, and how many failed. */
  background?: { requests: number; errors: number };
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** What the load generator's requests accept: gzip, as browsers and the Mastodon apps send, or identity only. */
  encoding?: 'gzip' | 'identity';
}

/** Checks one request of each endpoint before loading it, so a missing route fails fast with its answer. */
export async function probe(baseUrl: string, spec: EndpointSpec, timeoutMs = 60_000): Promise<{ ok: boolean; status: number; body: string; ms: number }> {
  const r = spec.next(0);
  const started = performance.now();
  try {
    const res = await fetch(baseUrl + r.path, {
      method: spec.method,
      headers: { ...(r.token ? { authorization: `Bearer ${r.token}` } : {}), ...(r.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: r.json !== undefined ? JSON.stringify(r.json) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    return { ok: res.ok, status: res.status, body: body.slice(0, 300), ms: performance.now() - started };
  } catch (err) {
    const cause = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
    return { ok: false, status: 0, body: cause, ms: performance.now() - started };
  }
}

/**
 * Waits until the server answers /health promptly again: requests still queued from the previous endpoint
 * (a slow endpoint can leave many) must not be charged to the next one.
 */
export async function settle(baseUrl: string, maxMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(30_000) });
      await res.text();
      if (res.ok && performance.now() - started < 50) return true;
    } catch {
      // still busy
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Sends `spec.background` writes at their rates until stopped; counts what was sent and what failed. */
function startBackground(baseUrl: string, spec: EndpointSpec): { stop(): Promise<void>; counts: { requests: number; errors: number } } {
  const counts = { requests: 0, errors: 0 };
  const inFlight = new Set<Promise<void>>();
  const TICK_MS = 50;
  let tick = 0;
  const timer = setInterval(() => {
    tick++;
    for (const [k, b] of (spec.background ?? []).entries()) {
      // Whole requests per tick, spread so the rate holds over a second.
      const due = Math.floor((tick * b.perSecond * TICK_MS) / 1000) - Math.floor(((tick - 1) * b.perSecond * TICK_MS) / 1000);
      for (let j = 0; j < due; j++) {
        const r = b.next(tick * 1000 + k * 100 + j);
        const p = fetch(baseUrl + r.path, {
          method: b.method,
          headers: { ...(r.token ? { authorization: `Bearer ${r.token}` } : {}), 'content-type': 'application/json' },
          body: JSON.stringify(r.json ?? {}),
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            counts.requests++;
            if (!res.ok) counts.errors++;
          })
          .catch(() => {
            counts.requests++;
            counts.errors++;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
    }
  }, TICK_MS);
  return {
    counts,
    async stop() {
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** A warm-up run (discarded) then a measured run: a fixed number of connections for a fixed duration. */
export async function measure(baseUrl: string, spec: EndpointSpec, opts: LoadOptions, serverCpuMs?: () => number | null): Promise<EndpointResult> {
  let counter = 0;
  const run = (seconds: number) =>
    autocannon({
      url: baseUrl,
      connections: opts.connections,
      duration: seconds,
      // Node's fetch in the server answers keep-alive; one request in flight per connection, like clients.
      pipelining: 1,
      timeout: 10,
      requests: [
        {
          method: spec.method,
          setupRequest: (req) => {
            const r = spec.next(counter++);
            const headers = { ...(req.headers ?? {}) } as Record<string, string>;
            if (r.token) headers.authorization = `Bearer ${r.token}`;
            else delete headers.authorization;
            if (r.json !== undefined) headers['content-type'] = 'application/json';
            if (opts.encoding !== 'identity') headers['accept-encoding'] = 'gzip';
            return { ...req, method: spec.method, path: r.path, headers, body: r.json !== undefined ? JSON.stringify(r.json) : undefined };
          },
        },
      ],
    });
  const background = spec.background?.length ? startBackground(baseUrl, spec) : null;
  let measuredBackground: { requests: number; errors: number } | undefined;
  let result: Awaited<ReturnType<typeof run>>;
  let cpuBefore: number | null;
  let cpuAfter: number | null;
  const example = spec.next(counter).path;
  try {
    if (opts.warmupSeconds > 0) await run(opts.warmupSeconds);
    const before = background ? { ...background.counts } : null;
    cpuBefore = serverCpuMs?.() ?? null;
    result = await run(opts.seconds);
    cpuAfter = serverCpuMs?.() ?? null;
    if (background && before) measuredBackground = { requests: background.counts.requests - before.requests, errors: background.counts.errors - before.errors };
  } finally {
    await background?.stop();
  }
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat?.count ?? 0;
  const total = result.requests.total;
  return {
    name: spec.name,
    method: spec.method,
    example,
    requestsPerSecond: result.duration > 0 ? result['2xx'] / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    total,
    statusCodes,
    seconds: result.duration,
    cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && total > 0 ? (cpuAfter - cpuBefore) / total : null,
    ...(measuredBackground ? { background: measuredBackground } : {}),
  };
}
