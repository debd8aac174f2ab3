import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

describe('posting a status', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(() => t?.close());

  it('renders mentions, hashtags and links as Mastodon HTML and records them', async () => {
    const res = await t.post('/api/v1/statuses', {
      token: alice.token,
      json: { status: 'Hi @bob and @nobody, see https://example.com/x?a=1&b=2 #Café #Tribune' },
    });
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.content).toContain(`<span class="h-card" translate="no"><a href="${t.url}/@bob" class="u-url mention">@<span>bob</span></a></span>`);
    expect(s.content).toContain('@nobody');
    expect(s.content).not.toContain('/@nobody');
    expect(s.content).toContain(`<a href="${t.url}/tags/caf%C3%A9" class="mention hashtag" rel="tag">#<span>Café</span></a>`);
    expect(s.content).toContain('href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="nofollow noopener"');
    expect(s.content.startsWith('<p>')).toBe(true);
    expect(s.mentions).toEqual([{ id: bob.id, username: 'bob', acct: 'bob', url: `${t.url}/@bob` }]);
    expect(s.tags.map((x: { name: string }) => x.name).sort()).toEqual(['café', 'tribune']);
    expect(s.account.id).toBe(alice.id);
    expect(s.url).toBe(`${t.url}/@alice/${s.id}`);
    expect(s.visibility).toBe('public');
    expect(s).toMatchObject({
      replies_count: 0,
      reblogs_count: 0,
      favourites_count: 0,
      quotes_count: 0,
      favourited: false,
      reblogged: false,
      bookmarked: false,
      pinned: false,
      muted: false,
      poll: null,
      card: null,
      emojis: [],
      edited_at: null,
      reblog: null,
      quote: null,
    });
    expect(s.tribune).toEqual({ upvotes_count: 0, downvotes_count: 0, score: 0, vote: 0 });
  });

  it('escapes HTML the author typed instead of passing it through', async () => {
    const res = await t.post('/api/v1/statuses', { token: alice.token, json: { status: '<script>alert(1)</script> <b>bold</b>\nline two\n\npara' } });
    expect(res.status).toBe(200);
    expect(res.body.content).not.toContain('<script>');
    expect(res.body.content).not.toContain('<b>');
    expect(res.body.content).toContain('&lt;script&gt;');
    expect(res.body.content).toMatch(/<p>.*<br \/>line two<\/p><p>para<\/p>/);
  });

  it('refuses a post over the character limit with a 422 naming status, counting URLs as 23 characters', async () => {
    const tooLong = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'a'.repeat(1001) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error).toMatch(/status/);
    const longUrl = `https://example.com/${'x'.repeat(2000)}`;
    const ok = await t.post('/api/v1/statuses', { token: alice.token, json: { status: `${'a'.repeat(970)} ${longUrl}` } });
    expect(ok.status).toBe(200);
  });

  it('refuses an empty post with 422', async () => {
    const res = await t.post('/api/v1/statuses', { token: alice.token, json: { status: '   ' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/status/);
  });

  it('answers malformed input with 4xx, never 500', async () => {
    const bad = [
      await t.post('/api/v1/statuses', { token: alice.token, raw: '{not json', headers: { 'content-type': 'application/json' } }),
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', visibility: 'everyone' } }),
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', in_reply_to_id: 'abc' } }),
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', media_ids: ['123'] } }),
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', poll: { options: [1, 2], expires_in: 'soon' } } }),
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 42 } }),
    ];
    for (const r of bad) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body.error).toEqual(expect.any(String));
    }
    expect(bad[4]!.status).toBe(422);
    expect(bad[4]!.body.error).toMatch(/^Validation failed: poll\.options/);
  });

  it('answers malformed input on every status endpoint with 4xx, never 500', async () => {
    const s = (await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'target' } })).body as { id: string };
    const cases = [
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', language: 'not a language!' } }),
      await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: alice.token, raw: '[1,2]', headers: { 'content-type': 'application/json' } }),
      await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: alice.token, json: { status: 'x'.repeat(5000) } }),
      await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: alice.token, json: { media_ids: 'abc' } }),
      await t.post(`/api/v1/statuses/${s.id}/reblog`, { token: bob.token, json: { visibility: 'loud' } }),
      await t.post('/api/v1/statuses/99999999/upvote', { token: bob.token }),
      await t.get(`/api/v1/statuses/${s.id}/favourited_by?limit=lots`),
      await t.get(`/api/v1/statuses/${s.id}/context?sort=random`),
      await t.get('/api/v1/statuses/abc/context'),
      await t.get('/api/v1/statuses/99999999999999999999999/history'),
      await t.get('/api/v1/statuses/9999999999999999999'),
      await t.get('/api/v1/timelines/public?max_id=9999999999999999999'),
      await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'x', in_reply_to_id: '9999999999999999999' } }),
      await t.get('/api/v1/accounts/9999999999999999999/statuses'),
      await t.get('/api/v1/accounts/abc/statuses'),
      await t.get(`/api/v1/accounts/${alice.id}/statuses?max_id=xyz`),
      await t.get('/api/v1/timelines/public?limit=-3'),
      await t.get('/api/v1/tags/%3Cscript%3E'),
      await t.get('/api/v1/trends/statuses?offset=-1'),
    ];
    for (const r of cases) {
      expect(r.status, r.text).toBeGreaterThanOrEqual(400);
      expect(r.status, r.text).toBeLessThan(500);
      expect(r.body.error).toEqual(expect.any(String));
    }
    const lang = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'bonjour', language: 'fr' } });
    expect(lang.body.language).toBe('fr');
    const guessed = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'zzz' } });
    expect(guessed.body.language === null || /^[a-z]{2,3}$/.test(guessed.body.language)).toBe(true);
  });

  it('needs a token to post', async () => {
    const res = await t.post('/api/v1/statuses', { json: { status: 'hello' } });
    expect(res.status).toBe(401);
  });

  it('returns the same post for a repeated Idempotency-Key', async () => {
    const a = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'once' }, headers: { 'idempotency-key': 'k1' } });
    const b = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'once' }, headers: { 'idempotency-key': 'k1' } });
    expect(a.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
  });

  it('fetches a post by id and several by id[], and 404s unknown ids', async () => {
    const a = await t.post('/api/v1/statuses', { token: alice.token, form: { status: 'form post', visibility: 'unlisted' } });
    expect(a.status).toBe(200);
    expect(a.body.visibility).toBe('unlisted');
    const got = await t.get(`/api/v1/statuses/${a.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.content).toBe('<p>form post</p>');
    const many = await t.get(`/api/v1/statuses?id[]=${a.body.id}&id[]=1234`);
    expect(many.body.map((s: { id: string }) => s.id)).toEqual([a.body.id]);
    expect((await t.get('/api/v1/statuses/1234')).status).toBe(404);
    expect((await t.get('/api/v1/statuses/not-an-id')).status).toBe(404);
  });
});
