import { afterAll, describe, expect, it } from 'vitest';
import { createPolicyLimiter, redisStore } from './limiter.js';
import { resolveOptions } from './options.js';

// Runs only with REDIS_URL (CI sets it): the same limits, counted in Redis and shared by processes.
const url = process.env.REDIS_URL;

describe.skipIf(!url)('the Redis-backed limiter', () => {
  const options = resolveOptions({ policies: { 'anon-read': { address: [{ points: 2, duration: 30 }], prefix: [{ points: 3, duration: 30 }] } } });
  const storeA = url ? redisStore(url) : null;
  const storeB = url ? redisStore(url) : null;
  afterAll(async () => {
    await storeA?.close();
    await storeB?.close();
  });
  const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;

  it('shares counts between two processes (two clients) and refuses past the limit', async () => {
    expect(await storeA!.ready()).toBe(true);
    expect(await storeB!.ready()).toBe(true);
    const a = createPolicyLimiter(options, storeA!);
    const b = createPolicyLimiter(options, storeB!);
    const keys = { address: `192.0.2.1-${run}`, prefix: `192.0.2.0/24-${run}` };
    expect((await a.consume('anon-read', keys))?.allowed).toBe(true);
    const second = await b.consume('anon-read', keys);
    expect(second).toMatchObject({ allowed: true, limit: 2, remaining: 0 });
    const third = await a.consume('anon-read', keys);
    expect(third?.allowed).toBe(false);
    expect(third?.retryAfterMs).toBeGreaterThan(0);
    expect(third?.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(storeA!.kind).toBe('redis');
  });

  it('counts a /24 across its addresses', async () => {
    const a = createPolicyLimiter(options, storeA!);
    const prefix = `198.51.100.0/24-${run}`;
    for (let i = 1; i <= 3; i++) expect((await a.consume('anon-read', { address: `198.51.100.${i}-${run}`, prefix }))?.allowed).toBe(true);
    const r = await a.consume('anon-read', { address: `198.51.100.9-${run}`, prefix });
    expect(r).toMatchObject({ allowed: false, refusedBy: 'prefix' });
  });

  it('grants a one-time claim (a spent challenge) to one process only', async () => {
    expect(await storeA!.claimOnce(`seed-${run}`, 10_000)).toBe(true);
    expect(await storeB!.claimOnce(`seed-${run}`, 10_000)).toBe(false);
    expect(await storeB!.claimOnce(`other-${run}`, 10_000)).toBe(true);
  });

  it('reads and resets a window (the sign-in slow-down)', async () => {
    const a = createPolicyLimiter(options, storeA!);
    const w = { points: 2, duration: 60 };
    await a.consumeWindow('sign-in-failures', `alice-${run}`, w);
    expect((await a.peekWindow('sign-in-failures', `alice-${run}`, w))?.consumed).toBe(1);
    await a.resetWindow('sign-in-failures', `alice-${run}`, w);
    expect(await a.peekWindow('sign-in-failures', `alice-${run}`, w)).toBeNull();
  });
});
