import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { from, startShieldServer } from '../shield/shield-server.js';

// CORS as Mastodon grants it (config/initializers/cors.rb): the API, the token endpoints and discovery documents
// answer any origin without credentials; the cookie-authenticated pages never do.

const ORIGIN = 'https://client.example';
const EXPOSED = ['Link', 'X-RateLimit-Reset', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-Request-Id', 'Retry-After'];

function preflight(t: TestServer, path: string, method: string, headers = 'authorization, content-type', extra: Record<string, string> = {}) {
  return t.request('OPTIONS', path, {
    headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': headers, ...extra },
  });
}

function expectCors(h: Headers): void {
  expect(h.get('access-control-allow-origin')).toBe('*');
  expect(h.get('access-control-allow-credentials')).toBeNull();
  expect(h.get('access-control-expose-headers')?.split(',')).toEqual(EXPOSED);
}

function expectNoCors(h: Headers): void {
  expect(h.get('access-control-allow-origin')).toBeNull();
  expect(h.get('access-control-allow-methods')).toBeNull();
}

const withOrigin = (token?: string) => ({ token, headers: { origin: ORIGIN } });

describe('CORS', () => {
  let t: TestServer;
  let ada: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    ada = await t.createUser('ada');
  });
  afterAll(() => t?.close());

  it('answers preflights for the API 204 with every method Mastodon allows, the requested headers echoed and a two-hour cache', async () => {
    for (const [path, method] of [
      ['/api/v1/statuses', 'POST'],
      ['/api/v1/statuses/123', 'PUT'],
      ['/api/v1/statuses/123', 'DELETE'],
      ['/api/v2/notifications/policy', 'PATCH'],
      ['/api/v1/timelines/home', 'GET'],
      ['/api/v1/streaming/user', 'GET'],
    ] as const) {
      const res = await preflight(t, path, method, 'authorization, content-type, idempotency-key');
      expect(res.status, `${method} ${path}`).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')?.split(',')).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
      expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type,idempotency-key');
      expect(res.headers.get('access-control-max-age')).toBe('7200');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('lets any origin read API answers, their Link, rate-limit and request-id headers, with no credentials', async () => {
    for (let i = 0; i < 3; i++) await t.postStatus(ada, `post ${i}`);
    const res = await t.get(`/api/v1/accounts/${ada.id}/statuses?limit=2`, withOrigin(ada.token));
    expect(res.status).toBe(200);
    expectCors(res.headers);
    expect(res.headers.get('link')).toContain('max_id=');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const posted = await t.post('/api/v1/statuses', { ...withOrigin(ada.token), json: { status: 'from another origin' } });
    expect(posted.status).toBe(200);
    expectCors(posted.headers);
    const anonymous = await t.get('/api/v2/instance', withOrigin());
    expectCors(anonymous.headers);
  });

  it('carries the CORS headers on errors too, so a client can read them', async () => {
    const unauthorized = await t.get('/api/v1/accounts/verify_credentials', { token: 'not-a-token', headers: { origin: ORIGIN } });
    expect(unauthorized.status).toBe(401);
    expectCors(unauthorized.headers);
    expect(unauthorized.body.error).toBeTruthy();
    const missing = await t.get('/api/v1/statuses/1234567890', withOrigin(ada.token));
    expect(missing.status).toBe(404);
    expectCors(missing.headers);
    const unknownRoute = await t.get('/api/v1/no_such_thing', withOrigin(ada.token));
    expect(unknownRoute.status).toBe(404);
    expectCors(unknownRoute.headers);
    const invalid = await t.post('/api/v1/statuses', { ...withOrigin(ada.token), json: { status: '' } });
    expect(invalid.status).toBe(422);
    expectCors(invalid.headers);
  });

  it('allows POST from any origin on /oauth/token and /oauth/revoke, errors included', async () => {
    for (const path of ['/oauth/token', '/oauth/revoke']) {
      const res = await preflight(t, path, 'POST', 'content-type');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toBe('POST,OPTIONS');
      expect(res.headers.get('access-control-max-age')).toBe('7200');
    }
    const bad = await t.post('/oauth/token', { headers: { origin: ORIGIN }, form: { grant_type: 'authorization_code', client_id: 'nope' } });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expectCors(bad.headers);
  });

  it('lets any origin read the discovery documents: host-meta, nodeinfo, webfinger, OAuth metadata', async () => {
    for (const path of [
      '/.well-known/host-meta',
      '/.well-known/nodeinfo',
      '/nodeinfo/2.0',
      '/nodeinfo/2.1',
      '/.well-known/oauth-authorization-server',
      `/.well-known/webfinger?resource=acct:ada@${t.ctx.config.domain}`,
    ]) {
      const res = await t.get(path, { headers: { origin: ORIGIN } });
      expect(res.status, path).toBe(200);
      expectCors(res.headers);
      const pre = await preflight(t, path.split('?')[0]!, 'GET', 'accept');
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    }
  });

  it('streams server-sent events to another origin', async () => {
    const res = await fetch(`${t.url}/api/v1/streaming/health`, { headers: { origin: ORIGIN } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const controller = new AbortController();
    const stream = await fetch(`${t.url}/api/v1/streaming/user`, {
      headers: { origin: ORIGIN, authorization: `Bearer ${ada.token}` },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('access-control-allow-origin')).toBe('*');
    controller.abort();
  });

  it('never opens the cookie-authenticated pages to other origins', async () => {
    for (const path of ['/oauth/authorize?client_id=x', '/oauth/sign_in', '/oauth/sign_out', '/', '/settings', '/about/transparency', `/@ada`]) {
      const pre = await preflight(t, path, 'POST', 'content-type');
      expect(pre.status, path).not.toBe(204);
      expectNoCors(pre.headers);
      const get = await t.get(path, { headers: { origin: ORIGIN, accept: 'text/html' } });
      expectNoCors(get.headers);
    }
    const signIn = await t.post('/oauth/sign_in', { headers: { origin: ORIGIN }, form: { login: 'ada', password: 'correct horse battery' } });
    expect(signIn.status).toBe(403); // no CSRF token: refused as before
    expectNoCors(signIn.headers);
  });
});

describe('CORS through the shield', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let admin: TestUser;
  let bea: TestUser;
  beforeAll(async () => {
    t = await startShieldServer({
      policies: {
        'anon-read': { address: [{ points: 3, duration: 60 }], prefix: [] },
        preflight: { address: [{ points: 5, duration: 60 }], prefix: [] },
      },
    });
    admin = await t.createUser('admin', { role: 'admin' });
    bea = await t.createUser('bea');
  });
  afterAll(() => t?.close());

  it('counts preflights in a budget of their own, and its 429 and the API 429 carry the CORS headers', async () => {
    const ip = '10.60.0.1';
    for (let i = 0; i < 3; i++) expect((await t.get('/api/v1/timelines/public', from(ip, { origin: ORIGIN }))).status).toBe(200);
    const limited = await t.get('/api/v1/timelines/public', from(ip, { origin: ORIGIN }));
    expect(limited.status).toBe(429);
    expectCors(limited.headers);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // The anonymous budget is spent, the preflight budget is not.
    for (let i = 0; i < 5; i++) expect((await preflight(t, '/api/v1/statuses', 'POST', 'authorization', from(ip).headers)).status).toBe(204);
    const flood = await preflight(t, '/api/v1/statuses', 'POST', 'authorization', from(ip).headers);
    // A browser takes any preflight that is not 2xx as a network error: a flood is simply refused.
    expect(flood.status).toBe(429);
  });

  it('answers preflights in maintenance and read-only modes, and the 503 that follows is readable', async () => {
    const ip = '10.60.0.2';
    await t.post('/api/v1/admin/tribune/maintenance', { token: admin.token, json: { mode: 'read-only', message: 'Back soon.' } });
    expect((await preflight(t, '/api/v1/statuses', 'POST', 'authorization, content-type', from(ip).headers)).status).toBe(204);
    const write = await t.post('/api/v1/statuses', { token: bea.token, json: { status: 'hi' }, headers: { origin: ORIGIN } });
    expect(write.status).toBe(503);
    expectCors(write.headers);
    expect(write.body.error).toBe('Back soon.');

    await t.post('/api/v1/admin/tribune/maintenance', { token: admin.token, json: { mode: 'maintenance', message: 'Moving disks.' } });
    expect((await preflight(t, '/api/v1/timelines/home', 'GET', 'authorization', from(ip).headers)).status).toBe(204);
    const read = await t.get('/api/v1/timelines/home', { token: bea.token, headers: { origin: ORIGIN } });
    expect(read.status).toBe(503);
    expectCors(read.headers);
    expect(read.body.error).toBe('Moving disks.');
    await t.post('/api/v1/admin/tribune/maintenance', { token: admin.token, json: { mode: 'normal' } });
  });

  it('never challenges a preflight in under-attack mode', async () => {
    await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'on' } });
    const pre = await preflight(t, '/api/v1/timelines/home', 'GET', 'authorization', from('10.60.0.3', { accept: 'text/html,*/*' }).headers);
    expect(pre.status).toBe(204);
    await t.post('/api/v1/admin/tribune/shield/attack', { token: admin.token, json: { mode: 'off' } });
  });
});
