import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { PolicyLimits, PolicyName, ShieldOptions, Window } from './options.js';

export type KeyKind = keyof PolicyLimits;
export type LimitKeys = Partial<Record<KeyKind, string | null>>;

export interface LimitResult {
  allowed: boolean;
  /** The window reported in X-RateLimit-*: the longest one of the most specific key. */
  limit: number;
  remaining: number;
  resetAt: number;
  /** When refused: milliseconds until the refusing window lets a request through again. */
  retryAfterMs: number;
  /** When refused: which key refused it. */
  refusedBy?: KeyKind;
}

/** A store for counters: in memory (one process) or Redis (several processes share the counts). */
export interface LimiterStore {
  create(opts: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract;
  close(): Promise<void>;
  /** Resolves once the store is connected (at once for memory); until then Redis limits fall back to memory. */
  ready(timeoutMs?: number): Promise<boolean>;
  /**
   * True the first time `key` is claimed across every process sharing the store (a spent challenge).
   * The memory store leaves that to the per-process check; on a Redis error the claim is granted.
   */
  claimOnce(key: string, ttlMs: number): Promise<boolean>;
  readonly kind: 'memory' | 'redis' | 'cluster';
}

export function memoryStore(): LimiterStore {
  return { kind: 'memory', create: (o) => new RateLimiterMemory(o), close: async () => {}, ready: async () => true, claimOnce: async () => true };
}

/**
 * Counters kept by the primary of `tribune serve --workers N` (rate-limiter-flexible's cluster limiter over IPC), so
 * N processes on one machine share one budget; the primary runs `RateLimiterClusterMaster`. A primary that does not
 * answer within a second lets the request through (as a Redis outage without insurance would).
 */
export function clusterStore(): LimiterStore {
  return {
    kind: 'cluster',
    create: (o) => new RateLimiterCluster({ ...o, timeoutMs: 1000 }),
    close: async () => {},
    ready: async () => true,
    claimOnce: async () => true,
  };
}

/** Redis-backed counters, with an in-memory insurance limiter so a Redis outage degrades to per-process limits. */
export function redisStore(url: string): LimiterStore {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  client.on('error', () => {
    // Reported through the insurance limiter taking over; ioredis reconnects by itself.
  });
  return {
    kind: 'redis',
    create: (o) =>
      new RateLimiterRedis({
        ...o,
        keyPrefix: `tribune:${o.keyPrefix}`,
        storeClient: client,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(o),
      }),
    async close() {
      client.disconnect();
    },
    async claimOnce(key, ttlMs) {
      try {
        return (await client.set(`tribune:once:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')) === 'OK';
      } catch {
        return true;
      }
    },
    ready(timeoutMs = 2000) {
      if (client.status === 'ready') return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        client.once('ready', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}

// Which key's window is reported in the headers, most specific first.
const REPORT_ORDER: KeyKind[] = ['server', 'account', 'address', 'app', 'prefix'];

export interface PolicyLimiter {
  /** Counts one request against every window of `policy` for the given keys; refused if any window is full. */
  consume(policy: PolicyName, keys: LimitKeys): Promise<LimitResult | null>;
  /** Gives one request back to every sustained window (longer than a second) of `policy` for the given keys, or to every window. */
  refund(policy: PolicyName, keys: LimitKeys, opts?: { everyWindow?: boolean }): Promise<void>;
  /** Same as consume for a custom window set (the clearance budget). */
  consumeWindow(name: string, key: string, window: Window): Promise<LimitResult>;
  /** Reads a window's count without adding to it. */
  peekWindow(name: string, key: string, window: Window): Promise<{ consumed: number; msBeforeNext: number } | null>;
  resetWindow(name: string, key: string, window: Window): Promise<void>;
  readonly store: LimiterStore;
}

export function createPolicyLimiter(options: ShieldOptions, store: LimiterStore): PolicyLimiter {
  const limiters = new Map<string, RateLimiterAbstract>();
  const get = (prefix: string, w: Window) => {
    const id = `${prefix}:${w.points}/${w.duration}`;
    let l = limiters.get(id);
    if (!l) {
      l = store.create({ keyPrefix: id, points: w.points, duration: w.duration });
      limiters.set(id, l);
    }
    return l;
  };

  async function consumeOne(limiter: RateLimiterAbstract, key: string): Promise<{ res: RateLimiterRes; ok: boolean }> {
    try {
      return { res: await limiter.consume(key, 1), ok: true };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { res: err, ok: false };
      // A store failure without insurance: let the request through rather than fail everyone.
      return { res: new RateLimiterRes(1, 0, 0, false), ok: true };
    }
  }

  return {
    store,
    async consume(policy, keys) {
      const limits = options.policies[policy];
      const checks: Array<{ kind: KeyKind; w: Window; p: Promise<{ res: RateLimiterRes; ok: boolean }> }> = [];
      for (const kind of REPORT_ORDER) {
        const key = keys[kind];
        if (!key) continue;
        for (const w of limits[kind]) checks.push({ kind, w, p: consumeOne(get(`${policy}:${kind}`, w), key) });
      }
      if (!checks.length) return null;
      const results = await Promise.all(checks.map(async (c) => ({ ...c, ...(await c.p) })));
      const now = Date.now();
      const refused = results.filter((r) => !r.ok);
      if (refused.length) {
        const worst = refused.reduce((a, b) => (b.res.msBeforeNext > a.res.msBeforeNext ? b : a));
        return {
          allowed: false,
          limit: worst.w.points,
          remaining: 0,
          resetAt: now + worst.res.msBeforeNext,
          retryAfterMs: worst.res.msBeforeNext,
          refusedBy: worst.kind,
        };
      }
      // Report the longest window of the most specific key, as Mastodon reports its per-5-minute throttle.
      const kind = results[0]!.kind;
      const shown = results.filter((r) => r.kind === kind).reduce((a, b) => (b.w.duration > a.w.duration ? b : a));
      return { allowed: true, limit: shown.w.points, remaining: shown.res.remainingPoints, resetAt: now + shown.res.msBeforeNext, retryAfterMs: 0 };
    },
    async refund(policy, keys, opts = {}) {
      const limits = options.policies[policy];
      const sustained = (kind: KeyKind) => limits[kind].filter((w) => opts.everyWindow || w.duration > 1).map((w) => ({ kind, w, key: keys[kind] }));
      const gifts = REPORT_ORDER.flatMap(sustained).filter((g) => !!g.key);
      // A lost refund only leaves the count one higher: the window still expires.
      await Promise.all(
        gifts.map((g) =>
          get(`${policy}:${g.kind}`, g.w)
            .reward(g.key!, 1)
            .catch(() => undefined),
        ),
      );
    },
    async consumeWindow(name, key, w) {
      const { res, ok } = await consumeOne(get(name, w), key);
      return {
        allowed: ok,
        limit: w.points,
        remaining: ok ? res.remainingPoints : 0,
        resetAt: Date.now() + res.msBeforeNext,
        retryAfterMs: ok ? 0 : res.msBeforeNext,
      };
    },
    async peekWindow(name, key, w) {
      try {
        const res = await get(name, w).get(key);
        return res ? { consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext } : null;
      } catch {
        return null;
      }
    },
    async resetWindow(name, key, w) {
      try {
        await get(name, w).delete(key);
      } catch {
        // The window expires by itself.
      }
    },
  };
}
