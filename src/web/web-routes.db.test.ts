import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../tests/browser/harness.js';
import { startTestServer, type TestServer, type TestUser } from '../../tests/helpers/server.js';

describe('the web app served by Tribune itself', () => {
  let t: TestServer;
  let alice: TestUser;
  let publicId: string;
  let privateId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer();
    alice = await t.createUser('alice');
    await t.request('PATCH', '/api/v1/accounts/update_credentials', {
      token: alice.token,
      json: { display_name: 'Alice <Liddell>', note: 'Curiouser & curiouser' },
    });
    publicId = (await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'A public post for everyone' } })).body.id;
    privateId = (await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'Only for my followers', visibility: 'private' } })).body.id;
    await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'A reply in the thread', in_reply_to_id: publicId } });
  });
  afterAll(() => t?.close());

  it('serves the app shell at / and for client routes, never cached stale', async () => {
    for (const path of ['/', '/home', '/notifications', '/tags/tribune', '/settings/blocks']) {
      const res = await t.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.text).toContain('<div id="app"></div>');
      expect(res.text).toMatch(/<script type="module"[^>]+src="\/assets\/[^"]+\.js"/);
      expect(res.text).not.toContain('<!--ssr-head-->');
    }
  });

  it('leaves API and protocol paths to the API: an unknown one is a JSON 404', async () => {
    for (const path of ['/api/v1/no-such-thing', '/oauth/nothing-here', '/.well-known/nothing']) {
      const res = await t.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual({ error: expect.any(String) });
    }
  });

  it('serves built assets immutable, and answers a missing file with 404 rather than the shell', async () => {
    const shell = (await t.get('/')).text;
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(shell)![1]!;
    const res = await t.get(js);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect((await t.get('/assets/nope-123.js')).status).toBe(404);
    expect((await t.get('/icons/nope.png')).status).toBe(404);
  });

  it('never serves files from outside the built app', async () => {
    for (const path of ['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json']) {
      const res = await t.get(path);
      expect(res.text, path).not.toContain('"name": "tribune"');
    }
  });

  it('serves the manifest and a service worker that may control the whole site and is always revalidated', async () => {
    const manifest = await t.get('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
    expect(JSON.parse(manifest.text)).toMatchObject({ name: 'Tribune', display: 'standalone', start_url: expect.any(String) });
    const sw = await t.get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toContain('javascript');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('service-worker-allowed')).toBe('/');
    expect(sw.text).toContain("addEventListener('push'");
    expect((await t.get('/icons/icon-192.png')).headers.get('content-type')).toBe('image/png');
  });

  it('renders a profile as public, cacheable HTML with link-preview metadata and its public posts only', async () => {
    const res = await t.get('/@alice');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(res.text).toContain('<meta property="og:title" content="Alice &lt;Liddell&gt; (@alice@');
    expect(res.text).toContain('<meta name="twitter:card" content="summary">');
    expect(res.text).toContain('<meta property="og:type" content="profile">');
    expect(res.text).toContain('Alice &lt;Liddell&gt;');
    expect(res.text).toContain('Curiouser');
    expect(res.text).toContain('A public post for everyone');
    expect(res.text).not.toContain('Only for my followers');
    // The app still boots over the page when JavaScript runs.
    expect(res.text).toContain('<div id="app" data-ssr="1">');
  });

  it('renders the same page whoever asks: signed-in requests are not personalised', async () => {
    const anonymous = await t.get('/@alice');
    const signedIn = await t.get('/@alice', { token: alice.token });
    expect(signedIn.text).toBe(anonymous.text);
    expect(signedIn.text).not.toContain('Only for my followers');
  });

  it('renders a post with its thread, and its description for link previews', async () => {
    const res = await t.get(`/@alice/${publicId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/^public/);
    expect(res.text).toContain('<meta property="og:description" content="A public post for everyone">');
    expect(res.text).toContain('<meta property="og:type" content="article">');
    expect(res.text).toContain(`<link rel="canonical" href="${t.url}/@alice/${publicId}">`);
    expect(res.text).toContain('A reply in the thread');
  });

  it('answers 404 for private posts, unknown people, and a post under the wrong name', async () => {
    const bob = await t.createUser('bob');
    expect((await t.get(`/@alice/${privateId}`)).status).toBe(404);
    expect((await t.get(`/@alice/${privateId}`)).text).not.toContain('Only for my followers');
    expect((await t.get('/@nobody-here')).status).toBe(404);
    expect((await t.get(`/@${bob.username}/${publicId}`)).status).toBe(404);
    expect((await t.get('/@alice/99999999999')).status).toBe(404);
  });

  it('hides a suspended account’s pages', async () => {
    const carol = await t.createUser('carol');
    const post = await t.post('/api/v1/statuses', { token: carol.token, json: { status: 'Soon gone' } });
    await t.ctx.db.updateTable('accounts').set({ suspended_at: new Date().toISOString() }).where('id', '=', carol.id).execute();
    expect((await t.get('/@carol')).status).toBe(404);
    expect((await t.get(`/@carol/${post.body.id}`)).status).toBe(404);
  });
});

describe('public pages behind the shield', () => {
  let t: TestServer;
  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer({ shieldEnabled: true });
    const alice = await t.createUser('alice');
    await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'Cached for visitors' } });
  });
  afterAll(() => t?.close());

  it('are answered from the micro-cache for anonymous visitors', async () => {
    const html = { accept: 'text/html' };
    const first = await t.get('/@alice', { headers: html });
    expect(first.status).toBe(200);
    const second = await t.get('/@alice', { headers: html });
    expect(first.headers.get('x-tribune-cache')).toBe('miss');
    expect(second.headers.get('x-tribune-cache')).toMatch(/fresh|stale/);
    expect(second.text).toBe(first.text);
    expect(second.text).toContain('Cached for visitors');
  });
});
