import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShieldOverrides } from '../../src/shield/options.js';
import { from, startShieldServer } from './shield-server.js';

// Two Tribune processes (two contexts) on one Redis: a client's count is shared, and a challenge spent on
// one is spent on the other. Runs only with REDIS_URL (CI sets it).
const url = process.env.REDIS_URL;

describe.skipIf(!url)('the shield across processes (Redis)', () => {
  let a: Awaited<ReturnType<typeof startShieldServer>>;
  let b: Awaited<ReturnType<typeof startShieldServer>>;
  const shield = { policies: { 'anon-read': { address: [{ points: 2, duration: 60 }], prefix: [] } } } satisfies ShieldOverrides;
  beforeAll(async () => {
    a = await startShieldServer(shield, { redisUrl: url });
    b = await startShieldServer(shield, { redisUrl: url });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('counts one client on every process', async () => {
    expect(a.shield.store.kind).toBe('redis');
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
    expect((await a.get('/api/v1/instance', from(ip))).status).not.toBe(429);
    expect((await b.get('/api/v1/instance', from(ip))).status).not.toBe(429);
    const refused = await a.get('/api/v1/instance', from(ip));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
