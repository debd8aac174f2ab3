import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestUser } from '../helpers/server.js';
import { from, startShieldServer } from './shield-server.js';

describe('the micro-cache', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let alice: TestUser;
  let bob: TestUser;
  const renders = new Map<string, number>();
  let gate: Promise<void> | null = null;
  const count = (name: string) => {
    renders.set(name, (renders.get(name) ?? 0) + 1);
    return renders.get(name)!;
  };

  beforeAll(async () => {
    t = await startShieldServer({ anonConcurrency: 1 });
    // Test pages under /users/ (a cached route the web app leaves to the server).
    t.server.app.get('/users/:name', async (c) => {
      const name = c.req.param('name');
      const n = count(name);
      if (name.startsWith('slow') && gate) await gate;
      if (name === 'whoami') return c.json({ viewer: c.var.viewer?.accountId ?? 'anonymous', n });
      if (name === 'missing') return c.json({ error: 'Record not found' }, 404);
      if (name === 'cookie') {
        c.header('Set-Cookie', 'session=1');
        return c.json({ n });
      }
      return c.json({ name, n });
    });
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(() => t?.close());

  it('answers repeated anonymous GETs from the cache, whatever unknown query parameters they add', async () => {
    const first = await t.get('/users/one?cb=1', from('10.40.0.1'));
    expect(first.headers.get('x-tribune-cache')).toBe('miss');
    for (const q of ['?cb=2', '?x=y&z=1', '', `?${Math.random()}`]) {
      const res = await t.get(`/users/one${q}`, from('10.40.0.2'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ name: 'one', n: 1 });
      expect(res.headers.get('x-tribune-cache')).toBe('fresh');
    }
    expect(renders.get('one')).toBe(1);
  });

  it('keeps the parameters a route honours in the key', async () => {
    await t.get('/api/v1/timelines/public?limit=1', from('10.40.0.3'));
    const other = await t.get('/api/v1/timelines/public?limit=2&junk=1', from('10.40.0.3'));
    expect(other.headers.get('x-tribune-cache')).not.toBe('fresh');
    const same = await t.get('/api/v1/timelines/public?junk=2&limit=2', from('10.40.0.3'));
    if (other.status === 200) expect(same.headers.get('x-tribune-cache')).toBe('fresh');
  });

  it('never serves a signed-in request from the cache, nor caches what it gets', async () => {
    const anon = await t.get('/users/whoami', from('10.41.0.1'));
    expect(anon.body.viewer).toBe('anonymous');
    const a = await t.get('/users/whoami', { token: alice.token, ...from('10.41.0.1') });
    const b = await t.get('/users/whoami', { token: bob.token, ...from('10.41.0.1') });
    expect(a.body.viewer).toBe(alice.id);
    expect(b.body.viewer).toBe(bob.id);
    expect(a.headers.get('x-tribune-cache')).toBeNull();
    expect(b.headers.get('x-tribune-cache')).toBeNull();
    const again = await t.get('/users/whoami', from('10.41.0.2'));
    expect(again.body).toEqual(anon.body);
  });

  it('passes by the cache for a request carrying a session cookie', async () => {
    await t.get('/users/two', from('10.42.0.1'));
    const withCookie = await t.get('/users/two', from('10.42.0.1', { cookie: 'tribune_session=abc' }));
    expect(withCookie.headers.get('x-tribune-cache')).toBeNull();
    expect(withCookie.body.n).toBe(2);
  });

  it('does not cache errors or responses that set a cookie', async () => {
    await t.get('/users/missing', from('10.43.0.1'));
    await t.get('/users/missing', from('10.43.0.1'));
    expect(renders.get('missing')).toBe(2);
    await t.get('/users/cookie', from('10.43.0.1'));
    const second = await t.get('/users/cookie', from('10.43.0.1'));
    expect(renders.get('cookie')).toBe(2);
    expect(second.headers.get('set-cookie')).toBe('session=1');
  });

  it('builds a page once for many simultaneous requests (request coalescing)', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => {
      release = r;
    });
    const fill = t.shield.cache.fill.bind(t.shield.cache);
    let fills = 0;
    t.shield.cache.fill = (key, build) => {
      fills++;
      return fill(key, build);
    };
    try {
      const pending = Array.from({ length: 8 }, (_, i) => t.get('/users/slow-coalesce', from(`10.44.0.${i + 1}`)));
      await eventually(() => expect(fills).toBe(8));
      release();
      const all = await Promise.all(pending);
      expect(all.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(new Set(all.map((r) => r.text)).size).toBe(1);
      expect(renders.get('slow-coalesce')).toBe(1);
    } finally {
      t.shield.cache.fill = fill;
      gate = null;
    }
  });

  it('sheds uncached anonymous renders past the concurrency cap with 503 and Retry-After, never signed-in requests', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => {
      release = r;
    });
    try {
      const holding = t.get('/users/slow-shed', from('10.45.0.1'));
      await eventually(() => expect(renders.get('slow-shed')).toBe(1));
      const shed = await t.get('/users/three', from('10.45.0.2'));
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(shed.body).toEqual({ error: expect.any(String) });
      const signedIn = await t.get('/users/three', { token: alice.token, ...from('10.45.0.2') });
      expect(signedIn.status).toBe(200);
      release();
      expect((await holding).status).toBe(200);
      expect((await t.get('/users/three', from('10.45.0.2'))).status).toBe(200);
    } finally {
      gate = null;
    }
  });
});

describe('stale-while-revalidate', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let version = 1;
  let builds = 0;
  beforeAll(async () => {
    t = await startShieldServer({ cacheFreshSeconds: 0, cacheStaleSeconds: 600 });
    t.server.app.get('/users/versioned', (c) => {
      builds++;
      return c.json({ version });
    });
  });
  afterAll(() => t?.close());

  it('serves the stale page at once and rebuilds it in the background', async () => {
    expect((await t.get('/users/versioned', from('10.46.0.1'))).body).toEqual({ version: 1 });
    version = 2;
    const stale = await t.get('/users/versioned', from('10.46.0.1'));
    expect(stale.body).toEqual({ version: 1 });
    expect(stale.headers.get('x-tribune-cache')).toBe('stale');
    await eventually(() => expect(builds).toBe(2));
    await eventually(async () => expect((await t.get('/users/versioned', from('10.46.0.1'))).body).toEqual({ version: 2 }));
  });
});
