import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('instance information', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ registrations: 'approval', maxPostChars: 777, contactEmail: 'admin@tribune.example' });
    await t.createUser('boss', { role: 'admin' });
    await t.createUser('someone');
  });
  afterAll(() => t?.close());

  it('serves the v2 instance in Mastodon shape', async () => {
    const res = await t.get('/api/v2/instance');
    expect(res.status).toBe(200);
    const domain = new URL(t.url).host;
    expect(res.body).toMatchObject({
      domain,
      title: 'Tribune',
      version: '4.5.0 (compatible; Tribune 0.1.0)',
      api_versions: { mastodon: 7 },
      registrations: { enabled: true, approval_required: true },
      usage: { users: { active_month: 2 } },
      contact: { email: 'admin@tribune.example', account: expect.objectContaining({ username: 'boss' }) },
      configuration: {
        urls: { streaming: t.url.replace(/^http/, 'ws') },
        statuses: { max_characters: 777, max_media_attachments: 4, characters_reserved_per_url: 23 },
        accounts: { max_featured_tags: expect.any(Number) },
        media_attachments: { supported_mime_types: expect.arrayContaining(['image/png']) },
        polls: { max_options: expect.any(Number) },
      },
    });
    expect(res.body.rules.map((r: { text: string }) => r.text)).toContain('No threats or calls to violence');
    expect(res.body.rules[0]).toEqual({ id: expect.any(String), text: expect.any(String), hint: expect.any(String) });
  });

  it('serves the v1 instance for older clients', async () => {
    const res = await t.get('/api/v1/instance');
    expect(res.body).toMatchObject({
      uri: new URL(t.url).host,
      urls: { streaming_api: t.url.replace(/^http/, 'ws') },
      stats: { user_count: 2, status_count: 0, domain_count: 0 },
      registrations: true,
      approval_required: true,
      configuration: { statuses: { max_characters: 777 } },
      contact_account: expect.objectContaining({ username: 'boss' }),
    });
  });

  it('answers the instance side endpoints as Mastodon does with nothing configured', async () => {
    expect((await t.get('/api/v1/instance/rules')).body.length).toBeGreaterThan(0);
    expect((await t.get('/api/v1/instance/peers')).body).toEqual([]);
    const activity = await t.get('/api/v1/instance/activity');
    expect(activity.body).toHaveLength(12);
    expect(activity.body[0]).toEqual({ week: expect.any(String), statuses: expect.any(String), logins: expect.any(String), registrations: '2' });
    expect((await t.get('/api/v1/instance/extended_description')).body).toEqual({ updated_at: expect.any(String), content: expect.stringContaining('<p>') });
    expect((await t.get('/api/v1/instance/privacy_policy')).status).toBe(404);
    expect((await t.get('/api/v1/instance/terms_of_service')).status).toBe(404);
  });

  it('publishes nodeinfo naming Tribune and its Mastodon upstream', async () => {
    const index = await t.get('/.well-known/nodeinfo');
    expect(index.body.links).toEqual([
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${t.url}/nodeinfo/2.0` },
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1', href: `${t.url}/nodeinfo/2.1` },
    ]);
    for (const version of ['2.0', '2.1']) {
      const info = await t.get(`/nodeinfo/${version}`);
      expect(info.headers.get('content-type')).toContain(`schema/${version}#`);
      expect(info.body).toMatchObject({
        version,
        software: { name: 'tribune', version: '0.1.0' },
        usage: { users: { total: 2, activeMonth: 2 }, localPosts: 0 },
        openRegistrations: true,
        metadata: { upstream: { name: 'mastodon', version: '4.5.0' } },
      });
    }
  });

  it('resolves local handles with WebFinger and host-meta', async () => {
    const domain = new URL(t.url).host;
    const res = await t.get(`/.well-known/webfinger?resource=acct:someone@${domain}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/jrd\+json/);
    expect(res.body.subject).toBe(`acct:someone@${domain}`);
    expect(res.body.links).toContainEqual({ rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: `${t.url}/@someone` });
    expect((await t.get(`/.well-known/webfinger?resource=${encodeURIComponent(`${t.url}/@someone`)}`)).status).toBe(200);
    expect((await t.get('/.well-known/webfinger?resource=acct:someone@elsewhere.example')).status).toBe(404);
    expect((await t.get(`/.well-known/webfinger?resource=acct:ghost@${domain}`)).status).toBe(404);
    expect((await t.get('/.well-known/webfinger')).status).toBe(400);
    const meta = await t.get('/.well-known/host-meta');
    expect(meta.text).toContain(`template="${t.url}/.well-known/webfinger?resource={uri}"`);
  });

  it('answers start-up placeholders as an empty Mastodon server would', async () => {
    const u = await t.createUser('client');
    for (const path of [
      '/api/v1/filters',
      '/api/v2/filters',
      '/api/v1/lists',
      '/api/v1/custom_emojis',
      '/api/v1/announcements',
      '/api/v1/followed_tags',
      '/api/v1/domain_blocks',
      '/api/v2/suggestions',
      '/api/v1/trends/links',
    ]) {
      const res = await t.get(path, { token: u.token });
      expect(res.status, path).toBe(200);
      expect(Array.isArray(res.body), path).toBe(true);
    }
    expect((await t.get('/api/v1/filters')).status).toBe(401);
    // No announcement exists yet: dismissing or reacting to one is Mastodon's 404 for an unknown id.
    expect((await t.post('/api/v1/announcements/1/dismiss', { token: u.token })).status).toBe(404);
    expect((await t.request('PUT', '/api/v1/announcements/1/reactions/%F0%9F%91%8D', { token: u.token })).status).toBe(404);
    expect((await t.request('DELETE', '/api/v1/announcements/1/reactions/%F0%9F%91%8D', { token: u.token })).status).toBe(404);
    expect((await t.post('/api/v1/announcements/1/dismiss')).status).toBe(401);
    expect((await t.get('/api/v1/push/subscription', { token: u.token })).status).toBe(404);
    expect((await t.get('/api/v1/markers?timeline[]=home', { token: u.token })).body).toEqual({});
    const saved = await t.post('/api/v1/markers', { token: u.token, json: { home: { last_read_id: '12345' } } });
    expect(saved.body.home).toMatchObject({ last_read_id: '12345', version: 1 });
    await t.post('/api/v1/markers', { token: u.token, form: { 'home[last_read_id]': '12346' } });
    const read = await t.get('/api/v1/markers?timeline[]=home&timeline[]=notifications', { token: u.token });
    expect(read.body).toEqual({ home: { last_read_id: '12346', version: 2, updated_at: expect.any(String) } });
  });
});
