import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestOptions, startTestServer, type TestResponse, type TestServer, type TestUser } from '../helpers/server.js';

// The same write sent several times at once must end as if the requests had come one after the other: no 5xx
// (a unique key hit on PostgreSQL), no counter moved twice, no row stored twice. The race shows on a real
// PostgreSQL server (DATABASE_URL), where requests run on connections of their own; on SQLite and PGlite the
// requests still interleave between their queries.
const N = 8;

describe('concurrent duplicate writes behave like sequential ones', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
  });
  afterAll(() => t?.close());

  /** Sends `count` requests at once; each call of `opts(i)` makes the i-th request's options. */
  const burst = (count: number, method: string, path: string, opts: (i: number) => RequestOptions): Promise<TestResponse[]> =>
    Promise.all(Array.from({ length: count }, (_, i) => t.request(method, path, opts(i))));
  const statuses = (rs: TestResponse[]) => rs.map((r) => (r.status === 200 ? 200 : `${r.status} ${r.text.slice(0, 200)}`));
  const account = async (u: TestUser) => (await t.get(`/api/v1/accounts/${u.id}`)).body;
  const status = async (id: string, u: TestUser | null = null) => (await t.get(`/api/v1/statuses/${id}`, { token: u?.token })).body;

  it('POST /api/v1/push/subscription twice at once by one token: both 200, the last stored replaces the other', async () => {
    const subscription = (i: number) => ({
      subscription: { endpoint: `https://push.example.test/sub/${i}`, keys: { p256dh: `key${i}`, auth: `auth${i}` } },
      data: { alerts: { mention: true } },
    });
    const rs = await burst(N, 'POST', '/api/v1/push/subscription', (i) => ({ token: alice.token, json: subscription(i) }));
    expect(statuses(rs)).toEqual(Array(N).fill(200));
    const current = await t.get('/api/v1/push/subscription', { token: alice.token });
    expect(current.status).toBe(200);
    expect(rs.map((r) => r.body.endpoint)).toContain(current.body.endpoint);
    // One subscription per token, as sequential calls leave.
    const rows = await t.ctx.db.selectFrom('push_subscriptions').select('endpoint').where('account_id', '=', alice.id).execute();
    expect(rows).toEqual([{ endpoint: current.body.endpoint }]);
  });

  it('PUT /api/v1/statuses/:id changing the poll, at once: every edit succeeds and is kept, one poll remains', async () => {
    const post = await t.postStatus(alice, 'Which? #first @bob', { poll: { options: ['a', 'b'], expires_in: 600 } });
    const rs = await burst(N, 'PUT', `/api/v1/statuses/${post.id}`, (i) => ({
      token: alice.token,
      json: { status: `Which now? ${i} #tag${i} @bob @carol`, poll: { options: [`x${i}`, `y${i}`, `z${i}`], expires_in: 600 + i } },
    }));
    expect(statuses(rs)).toEqual(Array(N).fill(200));
    const final = await status(post.id, alice);
    const i = Number(/Which now\? (\d+)/.exec(final.content)![1]);
    expect(final.poll.options.map((o: { title: string }) => o.title)).toEqual([`x${i}`, `y${i}`, `z${i}`]);
    expect(final.poll.id).toBe(post.poll.id);
    expect(final.tags.map((tag: { name: string }) => tag.name)).toEqual([`tag${i}`]);
    expect(final.mentions.map((m: { username: string }) => m.username).sort()).toEqual(['bob', 'carol']);
    // The original once, then each edit once: as N edits one after the other.
    const history = await t.get(`/api/v1/statuses/${post.id}/history`);
    expect(history.body).toHaveLength(N + 1);
    expect(history.body[0].content).toContain('Which? ');
  });

  it('PUT /api/v1/statuses/:id adding a poll to a post without one, at once: every edit succeeds, one poll', async () => {
    const post = await t.postStatus(alice, 'No poll yet');
    const rs = await burst(N, 'PUT', `/api/v1/statuses/${post.id}`, (i) => ({
      token: alice.token,
      json: { status: `Now a poll ${i}`, poll: { options: [`p${i}`, `q${i}`], expires_in: 600 } },
    }));
    expect(statuses(rs)).toEqual(Array(N).fill(200));
    const polls = await t.ctx.db.selectFrom('polls').select('id').where('status_id', '=', post.id).execute();
    expect(polls).toHaveLength(1);
    expect((await t.get(`/api/v1/statuses/${post.id}/history`)).body).toHaveLength(N + 1);
  });

  it('POST /api/v1/statuses with one Idempotency-Key at once: one post, every answer is that post', async () => {
    const before = (await account(alice)).statuses_count;
    const rs = await burst(N, 'POST', '/api/v1/statuses', () => ({
      token: alice.token,
      json: { status: 'posted once' },
      headers: { 'idempotency-key': 'same-key-at-once' },
    }));
    expect(statuses(rs)).toEqual(Array(N).fill(200));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect((await account(alice)).statuses_count).toBe(before + 1);
  });

  it('POST /api/v1/statuses/:id/reblog at once: one echo, counted once', async () => {
    const post = await t.postStatus(alice, 'echo me');
    const before = (await account(bob)).statuses_count;
    const rs = await burst(N, 'POST', `/api/v1/statuses/${post.id}/reblog`, () => ({ token: bob.token }));
    expect(statuses(rs)).toEqual(Array(N).fill(200));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect((await status(post.id)).reblogs_count).toBe(1);
    expect((await t.get(`/api/v1/statuses/${post.id}/reblogged_by`)).body).toHaveLength(1);
    expect((await account(bob)).statuses_count).toBe(before + 1);

    // Undoing it at once takes it back once: carol's echo still counts.
    await t.ok('POST', `/api/v1/statuses/${post.id}/reblog`, carol);
    const undo = await burst(N, 'POST', `/api/v1/statuses/${post.id}/unreblog`, () => ({ token: bob.token }));
    expect(statuses(undo)).toEqual(Array(N).fill(200));
    expect((await status(post.id)).reblogs_count).toBe(1);
    expect((await account(bob)).statuses_count).toBe(before);
  });

  it('DELETE /api/v1/statuses/:id at once: one 200, the others 404, counted down once', async () => {
    await t.postStatus(carol, 'stays');
    const post = await t.postStatus(carol, 'goes');
    const before = (await account(carol)).statuses_count;
    const rs = await burst(N, 'DELETE', `/api/v1/statuses/${post.id}`, () => ({ token: carol.token }));
    expect(rs.map((r) => r.status).sort()).toEqual([200, ...Array(N - 1).fill(404)]);
    expect((await account(carol)).statuses_count).toBe(before - 1);
  });

  it('upvoting a reply at once counts one vote', async () => {
    const root = await t.postStatus(alice, 'root');
    const reply = await t.postStatus(bob, 'reply', { in_reply_to_id: root.id });
    const rs = await burst(N, 'POST', `/api/v1/statuses/${reply.id}/upvote`, () => ({ token: carol.token }));
    expect(statuses(rs)).toEqual(Array(N).fill(200));
    expect((await status(reply.id, carol)).tribune).toEqual({ upvotes_count: 1, downvotes_count: 0, score: 1, vote: 1 });
    const down = await burst(N, 'POST', `/api/v1/statuses/${reply.id}/downvote`, () => ({ token: carol.token }));
    expect(statuses(down)).toEqual(Array(N).fill(200));
    expect((await status(reply.id, carol)).tribune).toEqual({ upvotes_count: 0, downvotes_count: 1, score: -1, vote: -1 });
  });

  it('pinning several posts at once never goes past five pins', async () => {
    const user = await t.createUser('pinner');
    const posts = [];
    for (let i = 0; i < 5 + N; i++) posts.push(await t.postStatus(user, `pin ${i}`));
    for (const p of posts.slice(0, 4)) await t.ok('POST', `/api/v1/statuses/${p.id}/pin`, user);
    const rs = await Promise.all(posts.slice(4).map((p) => t.request('POST', `/api/v1/statuses/${p.id}/pin`, { token: user.token })));
    expect(rs.map((r) => r.status).sort()).toEqual([200, ...Array(N).fill(422)]);
    const pinned = await t.get(`/api/v1/accounts/${user.id}/statuses?pinned=true`);
    expect(pinned.body).toHaveLength(5);
  });

  it('favourites, bookmarks, follows, tag follows, list members and markers sent at once: no 5xx, stored once', async () => {
    const post = await t.postStatus(alice, 'mark me');
    const fav = await burst(N, 'POST', `/api/v1/statuses/${post.id}/favourite`, () => ({ token: bob.token }));
    expect(statuses(fav)).toEqual(Array(N).fill(200));
    expect((await status(post.id)).favourites_count).toBe(1);
    const bm = await burst(N, 'POST', `/api/v1/statuses/${post.id}/bookmark`, () => ({ token: bob.token }));
    expect(statuses(bm)).toEqual(Array(N).fill(200));
    expect((await t.get('/api/v1/bookmarks', { token: bob.token })).body.map((s: { id: string }) => s.id)).toEqual([post.id]);

    const follower = await t.createUser('follower');
    const fol = await burst(N, 'POST', `/api/v1/accounts/${alice.id}/follow`, () => ({ token: follower.token }));
    expect(statuses(fol)).toEqual(Array(N).fill(200));
    expect((await account(follower)).following_count).toBe(1);

    const tags = await burst(N, 'POST', '/api/v1/tags/atonce/follow', () => ({ token: follower.token }));
    expect(statuses(tags)).toEqual(Array(N).fill(200));
    expect((await t.get('/api/v1/followed_tags', { token: follower.token })).body.map((tag: { name: string }) => tag.name)).toEqual(['atonce']);

    const list = await t.ok('POST', '/api/v1/lists', follower, { title: 'at once' });
    const members = await burst(N, 'POST', `/api/v1/lists/${list.id}/accounts`, () => ({ token: follower.token, json: { account_ids: [alice.id] } }));
    expect(statuses(members)).toEqual(Array(N).fill(200));
    expect((await t.get(`/api/v1/lists/${list.id}/accounts`, { token: follower.token })).body.map((a: { id: string }) => a.id)).toEqual([alice.id]);

    const markers = await burst(N, 'POST', '/api/v1/markers', () => ({ token: follower.token, json: { home: { last_read_id: post.id } } }));
    expect(statuses(markers)).toEqual(Array(N).fill(200));
    expect((await t.get('/api/v1/markers?timeline[]=home', { token: follower.token })).body.home.version).toBe(N);
  });
  it('a post deleted while others bookmark, favourite, echo and reply to it: no 5xx, each answer 200 or 404', async () => {
    for (let round = 0; round < 5; round++) {
      const target = await t.postStatus(alice, `about to go, round ${round}`);
      const answers = await Promise.all([
        t.request('DELETE', `/api/v1/statuses/${target.id}`, { token: alice.token }),
        ...[bob, carol].flatMap((u) => [
          t.request('POST', `/api/v1/statuses/${target.id}/bookmark`, { token: u.token }),
          t.request('POST', `/api/v1/statuses/${target.id}/favourite`, { token: u.token }),
          t.request('POST', `/api/v1/statuses/${target.id}/reblog`, { token: u.token }),
          t.request('POST', '/api/v1/statuses', { token: u.token, json: { status: 'a late reply', in_reply_to_id: target.id } }),
        ]),
      ]);
      expect(answers.filter((r) => r.status >= 500).map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([]);
      expect(answers.every((r) => [200, 404, 409, 422].includes(r.status))).toBe(true);
    }
  });
});
