import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/infra/events.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const ids = (body: Array<{ id: string }>) => body.map((s) => s.id);

describe('search, trends, held posts and stream events', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const post = (u: TestUser, status: string, extra: Record<string, unknown> = {}) => t.postStatus<{ id: string; [k: string]: unknown }>(u, status, extra);
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bobby');
    carol = await t.createUser('carol');
    await t.ctx.db.updateTable('accounts').set({ display_name: 'Alice Liddell' }).where('id', '=', alice.id).execute();
  });
  afterAll(() => t?.close());

  it('finds posts by full text, only public published ones plus the viewer’s own', async () => {
    const pub = await post(alice, 'The quick brown fox jumps');
    const priv = await post(alice, 'A quick private fox', { visibility: 'private' });
    const unl = await post(alice, 'An unlisted quick fox', { visibility: 'unlisted' });
    const other = await post(bob, 'slow turtle');
    const res = await t.get('/api/v2/search?q=quick%20fox&type=statuses');
    expect(res.status).toBe(200);
    expect(ids(res.body.statuses)).toEqual([pub.id]);
    expect(res.body.accounts).toEqual([]);
    expect(res.body.hashtags).toEqual([]);
    const own = await t.get('/api/v2/search?q=quick%20fox&type=statuses', { token: alice.token });
    expect(ids(own.body.statuses)).toEqual([unl.id, priv.id, pub.id]);
    expect(ids((await t.get('/api/v2/search?q=turtle')).body.statuses)).toEqual([other.id]);
    expect(ids((await t.get(`/api/v2/search?q=fox&type=statuses&account_id=${bob.id}`)).body.statuses)).toEqual([]);
    // Words that look like FTS operators are just words.
    expect((await t.get('/api/v2/search?q=%22OR%20NEAR(fox*&type=statuses')).status).toBe(200);
    expect((await t.get('/api/v1/search?q=turtle')).body.statuses.map((s: { id: string }) => s.id)).toEqual([other.id]);
  });

  it('matches accents loosely both ways', async () => {
    const s = await post(bob, 'Un café crème à Zürich');
    expect(ids((await t.get('/api/v2/search?q=cafe%20zurich&type=statuses')).body.statuses)).toEqual([s.id]);
    const plain = await post(bob, 'resume of the naive approach');
    expect(ids((await t.get(`/api/v2/search?q=${encodeURIComponent('résumé naïve')}&type=statuses`)).body.statuses)).toEqual([plain.id]);
  });

  it('keeps limited accounts and limited posts out of search', async () => {
    const dora = await t.createUser('dora');
    const s = await post(dora, 'quasar telescope');
    expect(ids((await t.get('/api/v2/search?q=quasar&type=statuses')).body.statuses)).toEqual([s.id]);
    await t.ctx.db.updateTable('statuses').set({ limited: 1 }).where('id', '=', s.id).execute();
    expect((await t.get('/api/v2/search?q=quasar&type=statuses')).body.statuses).toEqual([]);
    await t.ctx.db.updateTable('accounts').set({ limited_at: new Date().toISOString() }).where('id', '=', dora.id).execute();
    expect((await t.get('/api/v2/search?q=dora&type=accounts')).body.accounts).toEqual([]);
  });

  it('finds accounts by username or display-name prefix, and hashtags by prefix', async () => {
    const byName = await t.get('/api/v2/search?q=bob&type=accounts');
    expect(byName.body.accounts.map((a: { id: string }) => a.id)).toEqual([bob.id]);
    const byDisplay = await t.get('/api/v2/search?q=liddell&type=accounts');
    expect(byDisplay.body.accounts).toEqual([]);
    expect((await t.get('/api/v2/search?q=Alice%20L&type=accounts')).body.accounts.map((a: { id: string }) => a.id)).toEqual([alice.id]);
    expect((await t.get('/api/v2/search?q=%40alice&type=accounts')).body.accounts.map((a: { id: string }) => a.id)).toEqual([alice.id]);
    expect((await t.get('/api/v2/search?q=100%25&type=accounts')).body.accounts).toEqual([]);
    await post(carol, 'on #Photography and #photos');
    const tags = await t.get('/api/v2/search?q=%23photo&type=hashtags');
    expect(tags.body.hashtags.map((h: { name: string }) => h.name).sort()).toEqual(['photography', 'photos']);
    expect(tags.body.hashtags[0].history).toHaveLength(7);
    const following = await t.get('/api/v2/search?q=alice&type=accounts&following=true', { token: carol.token });
    expect(following.body.accounts).toEqual([]);
  });

  it('answers bad search input with 4xx, never 500', async () => {
    expect((await t.get('/api/v2/search')).status).toBe(422);
    expect((await t.get('/api/v2/search?q=x&type=everything')).status).toBe(422);
    expect((await t.get('/api/v2/search?q=x&limit=abc')).status).toBe(422);
    expect((await t.get('/api/v2/search?q=')).body).toEqual({ accounts: [], statuses: [], hashtags: [] });
  });

  it('trends hashtags by distinct accounts and posts by echoes plus upvotes', async () => {
    for (const u of [alice, bob, carol]) await post(u, 'talking about #popular');
    await post(alice, '#niche once');
    await post(alice, '#niche twice');
    const trends = await t.get('/api/v1/trends/tags');
    expect(trends.status).toBe(200);
    const names = trends.body.map((x: { name: string }) => x.name);
    expect(names[0]).toBe('popular');
    expect(names.indexOf('niche')).toBeGreaterThan(0);
    expect(trends.body[0].history[0]).toMatchObject({ uses: '3', accounts: '3' });
    expect((await t.get('/api/v1/trends?limit=1')).body.map((x: { name: string }) => x.name)).toEqual(['popular']);

    const hot = await post(alice, 'hot take');
    const warm = await post(bob, 'warm take');
    const hidden = await post(carol, 'unlisted take', { visibility: 'unlisted' });
    await t.post(`/api/v1/statuses/${hot.id}/reblog`, { token: bob.token });
    await t.post(`/api/v1/statuses/${hot.id}/favourite`, { token: carol.token });
    await t.post(`/api/v1/statuses/${warm.id}/favourite`, { token: alice.token });
    await t.post(`/api/v1/statuses/${hidden.id}/favourite`, { token: alice.token });
    const statuses = await t.get('/api/v1/trends/statuses');
    expect(ids(statuses.body).slice(0, 2)).toEqual([hot.id, warm.id]);
    expect(ids(statuses.body)).not.toContain(hidden.id);
    expect(ids((await t.get('/api/v1/trends/statuses?offset=1&limit=1')).body)).toEqual([warm.id]);
  });

  it('shows a held (pending) post only to its author, with its moderation state', async () => {
    const s = await post(alice, 'awaiting review');
    await t.ctx.db.updateTable('statuses').set({ state: 'pending' }).where('id', '=', s.id).execute();
    const own = await t.get(`/api/v1/statuses/${s.id}`, { token: alice.token });
    expect(own.status).toBe(200);
    expect(own.body.tribune.moderation_state).toBe('pending');
    expect((await t.get(`/api/v1/statuses/${s.id}`, { token: bob.token })).status).toBe(404);
    expect((await t.get(`/api/v1/statuses/${s.id}`)).status).toBe(404);
    expect(ids((await t.get('/api/v1/timelines/public?limit=40')).body)).not.toContain(s.id);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses?limit=40`)).body)).not.toContain(s.id);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses?limit=40`, { token: alice.token })).body)).toContain(s.id);
  });

  it('hides a suspended author’s posts', async () => {
    const ed = await t.createUser('ed');
    const s = await post(ed, 'soon gone');
    await t.ctx.db.updateTable('accounts').set({ suspended_at: new Date().toISOString() }).where('id', '=', ed.id).execute();
    expect((await t.get(`/api/v1/statuses/${s.id}`)).status).toBe(404);
    expect(ids((await t.get('/api/v1/timelines/public?limit=40')).body)).not.toContain(s.id);
  });

  it('publishes update, hashtag, direct and delete events', async () => {
    const seen: Array<[string, StreamEvent]> = [];
    const channels = [
      `user:${alice.id}`,
      `user:${bob.id}`,
      'public',
      'public:local',
      'hashtag:streamed',
      'hashtag:local:streamed',
      `direct:${bob.id}`,
      'deletes',
    ];
    const offs = channels.map((ch) => t.ctx.events.subscribe(ch, (e) => seen.push([ch, e])));
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
    const s = await post(alice, 'live #streamed');
    const dm = await post(alice, 'hi @bobby', { visibility: 'direct' });
    await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: alice.token, json: { status: 'live, edited #streamed' } });
    await t.request('DELETE', `/api/v1/statuses/${s.id}`, { token: alice.token });
    for (const off of offs) off();
    const has = (ch: string, event: string, subject: string) => seen.some(([c, e]) => c === ch && e.event === event && e.subject === subject);
    for (const ch of [`user:${alice.id}`, `user:${bob.id}`, 'public', 'public:local', 'hashtag:streamed', 'hashtag:local:streamed']) {
      expect(has(ch, 'update', s.id)).toBe(true);
      expect(has(ch, 'status.update', s.id)).toBe(true);
    }
    // The conversations area answers the direct-post hook on `direct:<accountId>` with its conversation id.
    expect(seen.some(([c, e]) => c === `direct:${bob.id}` && e.event === 'conversation')).toBe(true);
    expect(has('public', 'update', dm.id)).toBe(false);
    expect(has('deletes', 'delete', s.id)).toBe(true);
  });
});
