import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildHomeFeed } from '../../src/domain/timelines/feed.store.js';
import { changed } from '../../src/infra/versions.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const ids = (body: Array<{ id: string }>) => body.map((s) => s.id);

describe('timelines', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  const post = (u: TestUser, status: string, extra: Record<string, unknown> = {}) => t.postStatus<{ id: string }>(u, status, extra);
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
    dave = await t.createUser('dave');
    // bob and carol follow alice; dave follows nobody.
    expect((await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token })).status).toBe(200);
    expect((await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: carol.token })).status).toBe(200);
  });
  afterAll(() => t?.close());

  it('puts a post in the homes of its author and followers, not of others', async () => {
    const s = await post(alice, 'home fan-out');
    for (const u of [alice, bob, carol]) expect(ids((await t.get('/api/v1/timelines/home', { token: u.token })).body)).toContain(s.id);
    expect(ids((await t.get('/api/v1/timelines/home', { token: dave.token })).body)).not.toContain(s.id);
  });

  it('brings echoes into followers’ homes unless they turned echoes off, and notifies notify-followers of new posts', async () => {
    const gina = await t.createUser('gina');
    const hal = await t.createUser('hal');
    expect((await t.post(`/api/v1/accounts/${gina.id}/follow`, { token: dave.token, json: { reblogs: false } })).status).toBe(200);
    expect((await t.post(`/api/v1/accounts/${gina.id}/follow`, { token: hal.token, json: { notify: true } })).status).toBe(200);
    const original = await post(alice, 'worth echoing');
    const echo = (await t.post(`/api/v1/statuses/${original.id}/reblog`, { token: gina.token })).body as { id: string };
    const halHome = (await t.get('/api/v1/timelines/home', { token: hal.token })).body;
    expect(ids(halHome)).toContain(echo.id);
    expect(halHome.find((s: { id: string }) => s.id === echo.id).reblog.id).toBe(original.id);
    expect(ids((await t.get('/api/v1/timelines/home', { token: dave.token })).body)).not.toContain(echo.id);
    const own = await post(gina, 'gina posts');
    const notes = await t.ctx.db.selectFrom('notifications').select(['type', 'status_id']).where('account_id', '=', hal.id).execute();
    expect(notes).toContainEqual({ type: 'status', status_id: own.id });
    expect(await t.ctx.db.selectFrom('notifications').select('type').where('account_id', '=', dave.id).where('status_id', '=', own.id).execute()).toEqual([]);
  });

  it('paginates the home timeline with max_id, min_id and Link headers', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await post(alice, `page ${i}`)).id);
    const first = await t.get('/api/v1/timelines/home?limit=2', { token: bob.token });
    expect(ids(first.body)).toEqual([made[4], made[3]]);
    const link = first.headers.get('link')!;
    expect(link).toContain(`max_id=${made[3]}`);
    expect(link).toContain('rel="next"');
    expect(link).toContain(`min_id=${made[4]}`);
    const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!);
    const second = await t.get(`${next.pathname}${next.search}`, { token: bob.token });
    expect(ids(second.body)).toEqual([made[2], made[1]]);
    const newer = await t.get(`/api/v1/timelines/home?min_id=${made[1]}&limit=2`, { token: bob.token });
    expect(ids(newer.body)).toEqual([made[3], made[2]]);
    const since = await t.get(`/api/v1/timelines/home?since_id=${made[2]}`, { token: bob.token });
    expect(ids(since.body)).toEqual([made[4], made[3]]);
  });

  it('rebuilds a home feed from the follow graph', async () => {
    const kim = await t.createUser('kim');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: kim.token });
    const s = await post(alice, 'before the rebuild');
    await t.ctx.db.deleteFrom('feed_entries').where('account_id', '=', kim.id).execute();
    expect((await t.get('/api/v1/timelines/home', { token: kim.token })).body).toEqual([]);
    await rebuildHomeFeed(t.ctx.db, kim.id);
    // A repair written straight to the store tells the page caches, as services do after their writes.
    await changed(t.ctx, { homes: [kim.id] });
    expect(ids((await t.get('/api/v1/timelines/home', { token: kim.token })).body)[0]).toBe(s.id);
  });

  it('needs a token for the home timeline', async () => {
    expect((await t.get('/api/v1/timelines/home')).status).toBe(401);
  });

  it('shows public posts in the public timeline but not unlisted, private or direct ones', async () => {
    const pub = await post(alice, 'public one');
    const unl = await post(alice, 'unlisted one', { visibility: 'unlisted' });
    const priv = await post(alice, 'private one', { visibility: 'private' });
    const dm = await post(alice, 'direct @bob', { visibility: 'direct' });
    const res = await t.get('/api/v1/timelines/public?limit=40');
    expect(res.status).toBe(200);
    expect(ids(res.body)).toContain(pub.id);
    for (const s of [unl, priv, dm]) expect(ids(res.body)).not.toContain(s.id);
    expect((await t.get('/api/v1/timelines/public?remote=true')).body).toEqual([]);
    expect(ids((await t.get('/api/v1/timelines/public?local=true&limit=40')).body)).toContain(pub.id);
    expect((await t.get('/api/v1/timelines/public?only_media=true')).body).toEqual([]);
  });

  it('hides a followers-only post from a non-follower on every read path', async () => {
    const priv = await post(alice, 'for followers only #secretive', { visibility: 'private' });
    expect((await t.get(`/api/v1/statuses/${priv.id}`, { token: bob.token })).status).toBe(200);
    expect((await t.get(`/api/v1/statuses/${priv.id}`, { token: dave.token })).status).toBe(404);
    expect((await t.get(`/api/v1/statuses/${priv.id}`)).status).toBe(404);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: dave.token })).body)).not.toContain(priv.id);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: bob.token })).body)).toContain(priv.id);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses`)).body)).not.toContain(priv.id);
    expect(ids((await t.get('/api/v1/timelines/tag/secretive', { token: dave.token })).body)).not.toContain(priv.id);
    expect(ids((await t.get(`/api/v1/statuses?id[]=${priv.id}`, { token: dave.token })).body)).toEqual([]);
    expect((await t.get(`/api/v1/statuses/${priv.id}/context`, { token: dave.token })).status).toBe(404);
    expect((await t.post(`/api/v1/statuses/${priv.id}/favourite`, { token: dave.token })).status).toBe(404);
    expect((await t.post('/api/v1/statuses', { token: dave.token, json: { status: 'reply', in_reply_to_id: priv.id } })).status).toBe(404);
    expect(ids((await t.get('/api/v2/search?q=followers&type=statuses', { token: dave.token })).body.statuses)).not.toContain(priv.id);
  });

  it('shows a direct post only to the people it mentions', async () => {
    const dm = await post(alice, 'psst @dave', { visibility: 'direct' });
    expect((await t.get(`/api/v1/statuses/${dm.id}`, { token: dave.token })).status).toBe(200);
    expect((await t.get(`/api/v1/statuses/${dm.id}`, { token: bob.token })).status).toBe(404);
    expect(ids((await t.get('/api/v1/timelines/home', { token: bob.token })).body)).not.toContain(dm.id);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: bob.token })).body)).not.toContain(dm.id);
    expect(ids((await t.get(`/api/v1/accounts/${alice.id}/statuses`, { token: dave.token })).body)).toContain(dm.id);
  });

  it('hides a blocked account from home and public, and a muted one from home', async () => {
    const eve = await t.createUser('eve');
    await t.post(`/api/v1/accounts/${eve.id}/follow`, { token: bob.token });
    const s = await post(eve, 'eve speaks');
    expect(ids((await t.get('/api/v1/timelines/home', { token: bob.token })).body)).toContain(s.id);
    expect((await t.post(`/api/v1/accounts/${eve.id}/mute`, { token: bob.token })).status).toBe(200);
    expect(ids((await t.get('/api/v1/timelines/home', { token: bob.token })).body)).not.toContain(s.id);
    expect(ids((await t.get('/api/v1/timelines/public', { token: bob.token })).body)).not.toContain(s.id);
    await t.post(`/api/v1/accounts/${eve.id}/unmute`, { token: bob.token });
    expect((await t.post(`/api/v1/accounts/${bob.id}/block`, { token: eve.token })).status).toBe(200);
    expect(ids((await t.get('/api/v1/timelines/home', { token: bob.token })).body)).not.toContain(s.id);
    expect(ids((await t.get('/api/v1/timelines/public', { token: bob.token })).body)).not.toContain(s.id);
    expect((await t.get(`/api/v1/statuses/${s.id}`, { token: bob.token })).status).toBe(404);
    expect(ids((await t.get('/api/v1/timelines/public')).body)).toContain(s.id);
  });

  it('brings a followed account’s new posts home again once a timed mute has ended', async () => {
    const gus = await t.createUser('timedgus');
    const hal = await t.createUser('timedhal');
    await t.post(`/api/v1/accounts/${gus.id}/follow`, { token: hal.token });
    expect((await t.post(`/api/v1/accounts/${gus.id}/mute`, { token: hal.token, json: { duration: 3600 } })).status).toBe(200);
    const during = await post(gus, 'while muted');
    expect(ids((await t.get('/api/v1/timelines/home', { token: hal.token })).body)).not.toContain(during.id);
    // The hour has passed.
    await t.ctx.db
      .updateTable('mutes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('account_id', '=', hal.id)
      .execute();
    const after = await post(gus, 'after the mute');
    expect(ids((await t.get('/api/v1/timelines/home', { token: hal.token })).body)).toContain(after.id);
  });

  it('lists an account timeline with exclude_replies, exclude_reblogs, only_media, tagged and pinned', async () => {
    const frank = await t.createUser('frank');
    const root = await post(frank, 'root #garden');
    const other = await post(alice, 'alice root');
    const replyToOther = await post(frank, 'reply to alice', { in_reply_to_id: other.id });
    const selfReply = await post(frank, 'self thread', { in_reply_to_id: root.id });
    const echo = (await t.post(`/api/v1/statuses/${other.id}/reblog`, { token: frank.token })).body as { id: string };
    const all = ids((await t.get(`/api/v1/accounts/${frank.id}/statuses`)).body);
    expect(all).toEqual([echo.id, selfReply.id, replyToOther.id, root.id]);
    expect(ids((await t.get(`/api/v1/accounts/${frank.id}/statuses?exclude_replies=true`)).body)).toEqual([echo.id, selfReply.id, root.id]);
    expect(ids((await t.get(`/api/v1/accounts/${frank.id}/statuses?exclude_reblogs=true`)).body)).toEqual([selfReply.id, replyToOther.id, root.id]);
    expect(ids((await t.get(`/api/v1/accounts/${frank.id}/statuses?tagged=Garden`)).body)).toEqual([root.id]);
    expect((await t.get(`/api/v1/accounts/${frank.id}/statuses?only_media=true`)).body).toEqual([]);
    expect((await t.post(`/api/v1/statuses/${root.id}/pin`, { token: frank.token })).body.pinned).toBe(true);
    expect(ids((await t.get(`/api/v1/accounts/${frank.id}/statuses?pinned=true`)).body)).toEqual([root.id]);
    expect((await t.get('/api/v1/accounts/999999/statuses')).status).toBe(404);
  });

  it('paginates the public and account timelines with Link headers, and keeps statuses_count right', async () => {
    const ivy = await t.createUser('ivy');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await post(ivy, `ivy ${i}`)).id);
    await post(ivy, 'ivy to @dave', { visibility: 'direct' });
    const count = async () => (await t.get(`/api/v1/accounts/${ivy.id}`)).body.statuses_count;
    expect(await count()).toBe(3);
    const acct = await t.get(`/api/v1/accounts/${ivy.id}/statuses?limit=2&exclude_replies=true`);
    expect(ids(acct.body)).toEqual([made[2], made[1]]);
    const link = acct.headers.get('link')!;
    expect(link).toContain('exclude_replies=true');
    const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!);
    expect(ids((await t.get(`${next.pathname}${next.search}`)).body)).toEqual([made[0]]);
    const pub = await t.get('/api/v1/timelines/public?limit=2');
    expect(ids(pub.body)).toEqual([made[2], made[1]]);
    expect(pub.headers.get('link')).toContain(`max_id=${made[1]}`);
    expect(ids((await t.get(`/api/v1/timelines/public?limit=2&max_id=${made[1]}`)).body)[0]).toBe(made[0]);
    await t.request('DELETE', `/api/v1/statuses/${made[0]}`, { token: ivy.token });
    expect(await count()).toBe(2);
  });

  it('lists a hashtag timeline with any, all and none', async () => {
    const a = await post(alice, 'about #cats');
    const b = await post(alice, 'about #dogs');
    const c = await post(alice, 'about #cats and #dogs');
    await post(alice, 'unlisted #cats', { visibility: 'unlisted' });
    expect(ids((await t.get('/api/v1/timelines/tag/cats')).body)).toEqual([c.id, a.id]);
    expect(ids((await t.get('/api/v1/timelines/tag/CATS')).body)).toEqual([c.id, a.id]);
    expect(ids((await t.get('/api/v1/timelines/tag/cats?any[]=dogs')).body)).toEqual([c.id, b.id, a.id]);
    expect(ids((await t.get('/api/v1/timelines/tag/cats?all[]=dogs')).body)).toEqual([c.id]);
    expect(ids((await t.get('/api/v1/timelines/tag/cats?none[]=dogs')).body)).toEqual([a.id]);
    expect((await t.get('/api/v1/timelines/tag/nosuchtag')).body).toEqual([]);
    const paged = await t.get('/api/v1/timelines/tag/cats?limit=1');
    expect(ids(paged.body)).toEqual([c.id]);
    expect(paged.headers.get('link')).toContain(`max_id=${c.id}`);
  });

  it('shows a hashtag with its daily history', async () => {
    const res = await t.get('/api/v1/tags/Cats');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('cats');
    expect(res.body.url).toBe(`${t.url}/tags/cats`);
    expect(res.body.history).toHaveLength(7);
    expect(res.body.history[0]).toEqual({ day: expect.any(String), uses: '2', accounts: '1' });
    expect(Number(res.body.history[0].day) % 86400).toBe(0);
    const unknown = await t.get('/api/v1/tags/neverused');
    expect(unknown.status).toBe(200);
    expect(unknown.body.history[0].uses).toBe('0');
    const followed = await t.post('/api/v1/tags/cats/follow', { token: dave.token });
    expect(followed.body.following).toBe(true);
    // A followed hashtag brings public posts into the follower's home.
    const tagged = await post(alice, 'more #cats');
    const untagged = await post(alice, 'no tag here');
    const home = ids((await t.get('/api/v1/timelines/home', { token: dave.token })).body);
    expect(home).toContain(tagged.id);
    expect(home).not.toContain(untagged.id);
    expect((await t.get('/api/v1/followed_tags', { token: dave.token })).body.map((x: { name: string }) => x.name)).toEqual(['cats']);
    expect((await t.post('/api/v1/tags/cats/unfollow', { token: dave.token })).body.following).toBe(false);
  });

  it('lists favourites and bookmarks newest first with Link headers', async () => {
    const a = await post(alice, 'fav a');
    const b = await post(alice, 'fav b');
    await t.post(`/api/v1/statuses/${b.id}/favourite`, { token: dave.token });
    await t.post(`/api/v1/statuses/${a.id}/favourite`, { token: dave.token });
    const favs = await t.get('/api/v1/favourites', { token: dave.token });
    expect(ids(favs.body)).toEqual([a.id, b.id]);
    expect(favs.headers.get('link')).toContain('rel="next"');
    const one = await t.get('/api/v1/favourites?limit=1', { token: dave.token });
    const next = new URL(/<([^>]+)>; rel="next"/.exec(one.headers.get('link')!)![1]!);
    expect(ids((await t.get(`${next.pathname}${next.search}`, { token: dave.token })).body)).toEqual([b.id]);
    await t.post(`/api/v1/statuses/${a.id}/bookmark`, { token: dave.token });
    const books = await t.get('/api/v1/bookmarks', { token: dave.token });
    expect(ids(books.body)).toEqual([a.id]);
    expect(books.body[0].bookmarked).toBe(true);
    await t.post(`/api/v1/statuses/${a.id}/unbookmark`, { token: dave.token });
    expect((await t.get('/api/v1/bookmarks', { token: dave.token })).body).toEqual([]);
  });
});
