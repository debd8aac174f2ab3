import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/domain/auth/sign-in.js';
import { checkSignInAllowed, recordSignInSuccess } from '../../src/shield/sign-in.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { from, startShieldServer } from './shield-server.js';

const PATH = '/api/v1/instance';

describe('the shield rate limits', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let alice: TestUser;
  let bob: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startShieldServer(
      {
        maxBodyBytes: 2048,
        maxHeaderBytes: 4096,
        signInFailures: { points: 3, duration: 600 },
        signInAccountFailures: { points: 5, duration: 600 },
        policies: {
          'anon-read': { address: [{ points: 3, duration: 60 }], prefix: [{ points: 5, duration: 60 }] },
          'user-read': { address: [{ points: 1000, duration: 60 }], account: [{ points: 2, duration: 60 }], app: [] },
          write: { address: [{ points: 1000, duration: 60 }], account: [{ points: 2, duration: 60 }] },
          auth: { address: [{ points: 2, duration: 60 }], prefix: [] },
        },
      },
      { trustedProxies: ['127.0.0.0/8', '10.99.0.0/16'] },
    );
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    admin = await t.createUser('boss', { role: 'admin' });
  });
  afterAll(() => t?.close());

  it("answers anonymous reads with Mastodon's X-RateLimit headers and refuses the one past the limit with 429 and Retry-After", async () => {
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.get(PATH, from('10.1.1.1'));
      expect(res.status).not.toBe(429);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(Date.parse(res.headers.get('x-ratelimit-reset')!)).toBeGreaterThan(Date.now() - 1000);
      seen.push(res.headers.get('x-ratelimit-remaining')!);
    }
    expect(seen).toEqual(['2', '1', '0']);
    const refused = await t.get(PATH, from('10.1.1.1'));
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: expect.any(String) });
    const retry = Number(refused.headers.get('retry-after'));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('counts the addresses of one IPv4 /24 together', async () => {
    for (let i = 0; i < 3; i++) expect((await t.get(PATH, from('10.2.2.1'))).status).not.toBe(429);
    for (let i = 0; i < 2; i++) expect((await t.get(PATH, from('10.2.2.2'))).status).not.toBe(429);
    expect((await t.get(PATH, from('10.2.2.3'))).status).toBe(429);
    expect((await t.get(PATH, from('10.2.3.1'))).status).not.toBe(429);
  });

  it('treats a whole IPv6 /64 as one address', async () => {
    for (let i = 0; i < 3; i++) expect((await t.get(PATH, from(`2001:db8:1:1::${i + 1}`))).status).not.toBe(429);
    expect((await t.get(PATH, from('2001:db8:1:1:ffff:ffff:ffff:ffff'))).status).toBe(429);
    expect((await t.get(PATH, from('2001:db8:1:2::1'))).status).not.toBe(429);
  });

  it('limits signed-in reads by account, whatever the address, and not other accounts', async () => {
    expect((await t.get(PATH, { token: alice.token, ...from('10.3.0.1') })).status).not.toBe(429);
    expect((await t.get(PATH, { token: alice.token, ...from('10.3.1.1') })).status).not.toBe(429);
    const refused = await t.get(PATH, { token: alice.token, ...from('10.3.2.1') });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await t.get(PATH, { token: bob.token, ...from('10.3.2.1') })).status).not.toBe(429);
  });

  it('limits writes by account', async () => {
    const write = () => t.post('/api/v1/statuses', { token: bob.token, json: { status: 'hello' }, ...from('10.4.0.1') });
    expect((await write()).status).not.toBe(429);
    expect((await write()).status).not.toBe(429);
    expect((await write()).status).toBe(429);
  });

  it('limits sign-in and token requests by address', async () => {
    const attempt = () => t.post('/oauth/token', { form: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' }, ...from('10.5.5.5') });
    expect((await attempt()).status).not.toBe(429);
    expect((await attempt()).status).not.toBe(429);
    expect((await attempt()).status).toBe(429);
    // Reads from the same address are another policy.
    expect((await t.get(PATH, from('10.5.5.5'))).status).not.toBe(429);
  });

  it('believes the right-most address of X-Forwarded-For that is not a trusted proxy (CIDR match)', async () => {
    for (let i = 0; i < 3; i++) expect((await t.get(PATH, from('203.0.113.9'))).status).not.toBe(429);
    // A spoofed left-most entry changes nothing; 10.99.1.1 is a trusted proxy hop and is skipped.
    expect((await t.get(PATH, from('1.1.1.1, 203.0.113.9, 10.99.1.1'))).status).toBe(429);
  });

  it('refuses a login after repeated failures from one address, then from every address, other logins untouched', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn(t.ctx, 'alice', 'wrong password', '10.8.0.1')).ok).toBe(false);
    // That address is refused for alice, even with the right password; another address is not.
    expect(await signIn(t.ctx, 'ALICE', 'correct horse battery', '10.8.0.1')).toMatchObject({ ok: false, reason: 'throttled' });
    expect((await signIn(t.ctx, 'alice', 'correct horse battery', '10.8.0.2')).ok).toBe(true);
    // Guesses from more addresses fill alice's own window: then every address waits, bounded by the window.
    for (let i = 0; i < 2; i++) expect(await signIn(t.ctx, 'alice', 'wrong password', '10.8.0.3')).toMatchObject({ reason: 'invalid' });
    expect(await signIn(t.ctx, 'alice', 'correct horse battery', '10.8.0.4')).toMatchObject({ ok: false, reason: 'throttled' });
    const verdict = await checkSignInAllowed(t.ctx, 'alice', '10.8.0.5');
    expect(verdict.allowed).toBe(false);
    expect(verdict.retryAfterSeconds).toBeLessThanOrEqual(600);
    // A success does not reset the login's count from every address (a guesser would ride on it)...
    await recordSignInSuccess(t.ctx, 'alice', '10.8.0.4');
    expect((await checkSignInAllowed(t.ctx, 'alice', '10.8.0.4')).allowed).toBe(false);
    // ...and other logins, from the same addresses, are untouched.
    expect((await signIn(t.ctx, 'bob', 'correct horse battery', '10.8.0.1')).ok).toBe(true);
  });

  it('refuses an oversized body with 413 and oversized headers with 431, without a 500', async () => {
    const big = await t.post('/api/v1/statuses', { token: bob.token, json: { status: 'x'.repeat(5000) }, ...from('10.6.0.1') });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ error: expect.any(String) });
    const headers = await t.get(PATH, from('10.6.0.2', { 'x-padding': 'y'.repeat(5000) }));
    expect(headers.status).toBe(431);
    expect(headers.body).toEqual({ error: expect.any(String) });
  });

  it('counts every decision by policy for /metrics and lists the top limited addresses for admins', async () => {
    const metrics = await t.get('/metrics');
    expect(metrics.status).toBe(200);
    const limited = /tribune_shield_decisions_total\{decision="limited",policy="anon-read"\} (\d+)/.exec(metrics.text);
    expect(Number(limited?.[1])).toBeGreaterThanOrEqual(3);
    expect(metrics.text).toMatch(/tribune_shield_decisions_total\{decision="allowed",policy="anon-read"\} [1-9]/);
    expect((await t.get('/metrics', from('198.51.100.1'))).status).toBe(403);

    const view = await t.get('/api/v1/admin/tribune/shield', { token: admin.token });
    expect(view.status).toBe(200);
    expect(view.body.top_limited.addresses.map((a: { address: string }) => a.address)).toContain('10.1.1.1');
    expect(view.body.top_limited.prefixes.map((p: { prefix: string }) => p.prefix)).toContain('10.2.2.0/24');
    const carol = await t.createUser('carol');
    expect((await t.get('/api/v1/admin/tribune/shield', { token: carol.token })).status).toBe(403);
  });
});

describe('the client address without a trusted proxy', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      shieldEnabled: true,
      trustedProxies: ['10.0.0.0/8'],
      shield: { policies: { 'anon-read': { address: [{ points: 2, duration: 60 }], prefix: [] } } },
    });
  });
  afterAll(() => t?.close());

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    expect((await t.get(PATH, from('10.7.0.1'))).status).not.toBe(429);
    expect((await t.get(PATH, from('10.7.0.2'))).status).not.toBe(429);
    expect((await t.get(PATH, from('10.7.0.3'))).status).toBe(429);
  });
});

describe('limits by application', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  beforeAll(async () => {
    t = await startShieldServer({ policies: { 'user-read': { address: [{ points: 1000, duration: 60 }], account: [], app: [{ points: 2, duration: 60 }] } } });
  });
  afterAll(() => t?.close());

  it("counts an application's tokens together, from every address", async () => {
    const app = await t.post('/api/v1/apps', {
      json: { client_name: 'Flooder', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read' },
      ...from('10.8.0.1'),
    });
    expect(app.status).toBe(200);
    const token = async (ip: string) => {
      const res = await t.post('/oauth/token', {
        form: { grant_type: 'client_credentials', client_id: app.body.client_id, client_secret: app.body.client_secret, scope: 'read' },
        ...from(ip),
      });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    };
    const first = await token('10.8.1.1');
    const second = await token('10.8.2.1');
    expect((await t.get(PATH, { token: first, ...from('10.8.3.1') })).status).not.toBe(429);
    expect((await t.get(PATH, { token: second, ...from('10.8.4.1') })).status).not.toBe(429);
    const refused = await t.get(PATH, { token: second, ...from('10.8.5.1') });
    expect(refused.status).toBe(429);
  });
});
