import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStream } from '../e2e/stream-client.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Mastodon's lists over HTTP: https://docs.joinmastodon.org/methods/lists/ and /api/v1/timelines/list/:list_id.
describe('lists', () => {
  let t: TestServer;
  let owner: TestUser;
  let made = 0;
  const streams: TestStream[] = [];

  const user = () => t.createUser(`member${++made}`);
  const post = async (u: TestUser, status: string, extra: Record<string, unknown> = {}) =>
    (await t.postStatus(u, status, { visibility: 'public', ...extra })).id as string;
  const follow = (u: TestUser, target: TestUser) => t.ok('POST', `/api/v1/accounts/${target.id}/follow`, u);
  const createList = async (title: string, extra: Record<string, unknown> = {}, u = owner) =>
    (await t.ok('POST', '/api/v1/lists', u, { title, ...extra })).id as string;
  const addMembers = (listId: string, members: TestUser[], u = owner) =>
    t.ok('POST', `/api/v1/lists/${listId}/accounts`, u, { account_ids: members.map((m) => m.id) });
  const listIds = async (listId: string, query = '', u = owner) => {
    const r = await t.get(`/api/v1/timelines/list/${listId}${query}`, { token: u.token });
    expect(r.status, r.text).toBe(200);
    return (r.body as Array<{ id: string }>).map((s) => s.id);
  };
  const homeIds = async (u = owner) => {
    const r = await t.get('/api/v1/timelines/home', { token: u.token });
    expect(r.status).toBe(200);
    return (r.body as Array<{ id: string }>).map((s) => s.id);
  };
  /** A new account the owner follows. */
  const followed = async () => {
    const u = await user();
    await follow(owner, u);
    return u;
  };

  beforeAll(async () => {
    t = await startTestServer();
    owner = await t.createUser('owner');
  });
  afterAll(async () => {
    for (const s of streams) await s.close();
    await t?.close();
  });

  it('creates, reads, renames and deletes a list, with Mastodon’s List entity', async () => {
    const created = await t.ok('POST', '/api/v1/lists', owner, { title: 'Friends' });
    expect(created).toEqual({ id: expect.any(String), title: 'Friends', replies_policy: 'list', exclusive: false });
    expect(await t.ok('GET', `/api/v1/lists/${created.id}`, owner)).toEqual(created);
    expect(await t.ok('GET', '/api/v1/lists', owner)).toContainEqual(created);

    const updated = await t.ok('PUT', `/api/v1/lists/${created.id}`, owner, { title: 'Close friends', replies_policy: 'none', exclusive: true });
    expect(updated).toEqual({ id: created.id, title: 'Close friends', replies_policy: 'none', exclusive: true });
    // A form-encoded update changes only what it names.
    const r = await t.request('PUT', `/api/v1/lists/${created.id}`, { token: owner.token, form: { replies_policy: 'followed' } });
    expect(r.body).toEqual({ ...updated, replies_policy: 'followed' });

    expect(await t.ok('DELETE', `/api/v1/lists/${created.id}`, owner)).toEqual({});
    expect((await t.get(`/api/v1/lists/${created.id}`, { token: owner.token })).status).toBe(404);
    expect(await t.ok('GET', '/api/v1/lists', owner)).not.toContainEqual(expect.objectContaining({ id: created.id }));
  });

  it('answers 422 naming the field for a missing title or an unknown replies policy', async () => {
    const blank = await t.post('/api/v1/lists', { token: owner.token, json: { title: '  ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.error).toMatch(/title/i);
    const missing = await t.post('/api/v1/lists', { token: owner.token, json: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatch(/title/i);
    const policy = await t.post('/api/v1/lists', { token: owner.token, json: { title: 'x', replies_policy: 'everyone' } });
    expect(policy.status).toBe(422);
    expect(policy.body.error).toMatch(/replies_policy/);
    const long = await t.post('/api/v1/lists', { token: owner.token, json: { title: 'x'.repeat(257) } });
    expect(long.status).toBe(422);
    const listId = await createList('valid');
    const update = await t.request('PUT', `/api/v1/lists/${listId}`, { token: owner.token, json: { replies_policy: 'all' } });
    expect(update.status).toBe(422);
    expect(update.body.error).toMatch(/replies_policy/);
  });

  it('needs read:lists and write:lists', async () => {
    const reader = await t.createUser('scoped', { scopes: 'read:statuses' });
    expect((await t.get('/api/v1/lists', { token: reader.token })).status).toBe(403);
    expect((await t.post('/api/v1/lists', { token: reader.token, json: { title: 'x' } })).status).toBe(403);
    expect((await t.get('/api/v1/lists')).status).toBe(401);
  });

  it('adds and removes followed accounts, and refuses accounts not followed with 422', async () => {
    const a = await followed();
    const b = await followed();
    const stranger = await user();
    const listId = await createList('members');
    await addMembers(listId, [a, b]);
    // Adding again is harmless.
    await addMembers(listId, [a]);
    const members = await t.ok('GET', `/api/v1/lists/${listId}/accounts`, owner);
    expect(members.map((m: { id: string }) => m.id).sort()).toEqual([a.id, b.id].sort());

    const refused = await t.post(`/api/v1/lists/${listId}/accounts`, { token: owner.token, json: { account_ids: [stranger.id] } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/account_ids/);
    expect((await t.post(`/api/v1/lists/${listId}/accounts`, { token: owner.token, json: { account_ids: ['999999999'] } })).status).toBe(404);
    expect((await t.post(`/api/v1/lists/${listId}/accounts`, { token: owner.token, json: {} })).status).toBe(422);

    expect(await t.ok('GET', `/api/v1/accounts/${a.id}/lists`, owner)).toEqual([expect.objectContaining({ id: listId, title: 'members' })]);
    expect(await t.ok('GET', `/api/v1/accounts/${stranger.id}/lists`, owner)).toEqual([]);

    await t.ok('DELETE', `/api/v1/lists/${listId}/accounts`, owner, { account_ids: [a.id] });
    const after = await t.ok('GET', `/api/v1/lists/${listId}/accounts`, owner);
    expect(after.map((m: { id: string }) => m.id)).toEqual([b.id]);
    expect(await t.ok('GET', `/api/v1/accounts/${a.id}/lists`, owner)).toEqual([]);
  });

  it('shows members’ posts (followers-only too) and not others’, never direct ones', async () => {
    const a = await followed();
    const notMember = await followed();
    const listId = await createList('timeline');
    await addMembers(listId, [a]);
    const pub = await post(a, 'public from a');
    const priv = await post(a, 'followers only from a', { visibility: 'private' });
    const direct = await post(a, `@${owner.username} direct from a`, { visibility: 'direct' });
    const other = await post(notMember, 'not in the list');
    const echo = (await t.ok('POST', `/api/v1/statuses/${other}/reblog`, a)).id as string;
    const ids = await listIds(listId);
    expect(ids).toEqual([echo, priv, pub]);
    expect(ids).not.toContain(direct);
    expect(ids).not.toContain(other);
  });

  it('leaves out echoes when the follow hides them, and posts of muted or blocked authors', async () => {
    const a = await followed();
    const b = await followed();
    const listId = await createList('filters');
    await addMembers(listId, [a, b]);
    const original = await post(b, 'original');
    const echo = (await t.ok('POST', `/api/v1/statuses/${original}/reblog`, a)).id as string;
    expect(await listIds(listId)).toContain(echo);
    await t.ok('POST', `/api/v1/accounts/${a.id}/follow`, owner, { reblogs: false });
    expect(await listIds(listId)).not.toContain(echo);
    await t.ok('POST', `/api/v1/accounts/${b.id}/mute`, owner);
    expect(await listIds(listId)).not.toContain(original);
  });

  it('applies replies_policy: list, followed and none', async () => {
    const a = await followed();
    const b = await followed();
    const c = await followed();
    const outsider = await user();
    const listId = await createList('replies', { replies_policy: 'list' });
    await addMembers(listId, [a, b]);
    const toB = await post(b, 'b speaks');
    const toC = await post(c, 'c speaks');
    const toOut = await post(outsider, 'outsider speaks');
    const toOwner = await post(owner, 'owner speaks');
    const replyMember = await post(a, 'to a member', { in_reply_to_id: toB });
    const replyFollowed = await post(a, 'to someone followed', { in_reply_to_id: toC });
    const replyStranger = await post(a, 'to a stranger', { in_reply_to_id: toOut });
    const replyOwner = await post(a, 'to the owner', { in_reply_to_id: toOwner });
    const selfThread = await post(a, 'more of my thread', { in_reply_to_id: replyMember });
    // A self-reply of `a` whose parent is a's own post is a thread: kept by every policy.
    const selfReply = await post(a, 'continuing', { in_reply_to_id: selfThread });

    const shown = async () => new Set(await listIds(listId, '?limit=40'));
    let s = await shown();
    expect([replyMember, replyOwner, selfReply].every((id) => s.has(id))).toBe(true);
    expect(s.has(replyFollowed)).toBe(false);
    expect(s.has(replyStranger)).toBe(false);

    await t.ok('PUT', `/api/v1/lists/${listId}`, owner, { replies_policy: 'followed' });
    s = await shown();
    expect([replyMember, replyFollowed, replyOwner, selfReply].every((id) => s.has(id))).toBe(true);
    expect(s.has(replyStranger)).toBe(false);

    await t.ok('PUT', `/api/v1/lists/${listId}`, owner, { replies_policy: 'none' });
    s = await shown();
    expect(s.has(replyOwner)).toBe(true);
    expect(s.has(selfReply)).toBe(true);
    expect(s.has(replyMember)).toBe(false);
    expect(s.has(replyFollowed)).toBe(false);
  });

  it('takes an exclusive list’s members out of home at once, though home was cached', async () => {
    const a = await followed();
    const b = await followed();
    const fromA = await post(a, 'a on home');
    const fromB = await post(b, 'b on home');
    const mine = await post(owner, 'my own');
    const listId = await createList('exclusive');
    await addMembers(listId, [a]);
    // Read first so the page is cached, then make the list exclusive.
    let home = await homeIds();
    expect(home).toEqual(expect.arrayContaining([fromA, fromB, mine]));
    await t.ok('PUT', `/api/v1/lists/${listId}`, owner, { exclusive: true });
    home = await homeIds();
    expect(home).not.toContain(fromA);
    expect(home).toEqual(expect.arrayContaining([fromB, mine]));
    expect(await listIds(listId)).toContain(fromA);

    // Adding a member to an exclusive list, and removing one, show at once too.
    await addMembers(listId, [b]);
    expect(await homeIds()).not.toContain(fromB);
    await t.ok('DELETE', `/api/v1/lists/${listId}/accounts`, owner, { account_ids: [a.id] });
    expect(await homeIds()).toContain(fromA);
    // Deleting the list brings everyone back.
    await t.ok('DELETE', `/api/v1/lists/${listId}`, owner);
    expect(await homeIds()).toEqual(expect.arrayContaining([fromA, fromB, mine]));
  });

  it('answers 404 for someone else’s list and for unknown ids', async () => {
    const other = await user();
    const theirs = await createList('theirs', {}, other);
    const a = await followed();
    for (const [method, path] of [
      ['GET', `/api/v1/lists/${theirs}`],
      ['PUT', `/api/v1/lists/${theirs}`],
      ['DELETE', `/api/v1/lists/${theirs}`],
      ['GET', `/api/v1/lists/${theirs}/accounts`],
      ['POST', `/api/v1/lists/${theirs}/accounts`],
      ['GET', `/api/v1/timelines/list/${theirs}`],
      ['GET', '/api/v1/timelines/list/123456'],
      ['GET', '/api/v1/lists/not-an-id'],
    ] as const) {
      const json = method === 'GET' ? undefined : method === 'POST' ? { account_ids: [a.id] } : { title: 'mine now' };
      const r = await t.request(method, path, { token: owner.token, json });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect(await t.ok('GET', `/api/v1/lists/${theirs}`, other)).toMatchObject({ title: 'theirs' });
    expect((await t.get('/api/v1/accounts/999999999/lists', { token: owner.token })).status).toBe(404);
  });

  it('removes an account from the lists when it is unfollowed or blocked', async () => {
    const a = await followed();
    const b = await followed();
    const c = await followed();
    const listId = await createList('leaving');
    await addMembers(listId, [a, b, c]);
    const fromA = await post(a, 'a before leaving');
    await t.ok('POST', `/api/v1/accounts/${a.id}/unfollow`, owner);
    await t.ok('POST', `/api/v1/accounts/${b.id}/block`, owner);
    // c removes the owner from its followers: the follow ends, and c leaves the list.
    await t.ok('POST', `/api/v1/accounts/${owner.id}/remove_from_followers`, c);
    expect(await t.ok('GET', `/api/v1/lists/${listId}/accounts`, owner)).toEqual([]);
    expect(await listIds(listId)).not.toContain(fromA);
    // Following again does not put them back.
    await follow(owner, a);
    expect(await t.ok('GET', `/api/v1/lists/${listId}/accounts`, owner)).toEqual([]);
  });

  it('paginates the list timeline and members with Link headers', async () => {
    const a = await followed();
    const b = await followed();
    const listId = await createList('pages');
    await addMembers(listId, [a, b]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await post(i % 2 ? a : b, `post ${i}`));
    const newest = [...ids].reverse();
    const first = await t.get(`/api/v1/timelines/list/${listId}?limit=2`, { token: owner.token });
    expect(first.body.map((s: { id: string }) => s.id)).toEqual(newest.slice(0, 2));
    const link = first.headers.get('link')!;
    const next = /<([^>]+)>; rel="next"/.exec(link)![1]!;
    expect(next).toContain(`max_id=${newest[1]}`);
    expect(/<([^>]+)>; rel="prev"/.exec(link)![1]).toContain(`min_id=${newest[0]}`);
    const second = await t.get(new URL(next).pathname + new URL(next).search, { token: owner.token });
    expect(second.body.map((s: { id: string }) => s.id)).toEqual(newest.slice(2, 4));
    const newer = await t.get(`/api/v1/timelines/list/${listId}?min_id=${newest[2]}&limit=1`, { token: owner.token });
    expect(newer.body.map((s: { id: string }) => s.id)).toEqual([newest[1]]);

    const members = await t.get(`/api/v1/lists/${listId}/accounts?limit=1`, { token: owner.token });
    expect(members.body).toHaveLength(1);
    expect(members.headers.get('link')).toMatch(/rel="next"/);
    const all = await t.get(`/api/v1/lists/${listId}/accounts?limit=0`, { token: owner.token });
    expect(all.body).toHaveLength(2);
  });

  describe('the list stream', () => {
    const open = async (query: string) => {
      const s = await TestStream.open(`${t.url.replace(/^http/, 'ws')}/api/v1/streaming${query}`);
      streams.push(s);
      return s;
    };
    const updates = (s: TestStream) => s.messages.filter((m) => m.event === 'update').map((m) => JSON.parse(m.payload!).id as string);

    it('delivers members’ new posts and deletes to the owner, and nothing else', async () => {
      const a = await followed();
      const notMember = await followed();
      const listId = await createList('live');
      await addMembers(listId, [a]);
      const listeners = t.ctx.events.listenerCount();
      const s = await open(`?access_token=${owner.token}&stream=list&list=${listId}`);
      await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(listeners));
      const other = await post(notMember, 'not for the list');
      const priv = await post(a, 'followers only, in the list', { visibility: 'private' });
      const m = await s.next((x) => x.event === 'update');
      expect(m.stream).toEqual(['list', listId]);
      expect(JSON.parse(m.payload!)).toMatchObject({ id: priv, account: { id: a.id } });
      expect(updates(s)).not.toContain(other);

      await t.ok('DELETE', `/api/v1/statuses/${priv}`, a);
      const d = await s.next((x) => x.event === 'delete');
      expect(d.payload).toBe(priv);

      // The same over server-sent events.
      const controller = new AbortController();
      const res = await fetch(`${t.url}/api/v1/streaming/list?list=${listId}`, {
        headers: { authorization: `Bearer ${owner.token}` },
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(listeners + 2));
      const sse = await post(a, 'over sse');
      let text = '';
      await eventually(async () => {
        const chunk = await reader.read();
        text += new TextDecoder().decode(chunk.value);
        expect(text).toContain(`"id":"${sse}"`);
      });
      controller.abort();
    });

    it('refuses someone else’s list with 404', async () => {
      const other = await user();
      const theirs = await createList('private', {}, other);
      const s = await open(`?access_token=${owner.token}&stream=list&list=${theirs}`);
      const err = await s.next((x) => x.error !== undefined);
      expect(err).toMatchObject({ error: 'List not found', status: 404 });
      s.send({ type: 'subscribe', stream: 'list', list: '42' });
      await eventually(() => expect(s.messages.filter((x) => x.status === 404)).toHaveLength(2));
      const sse = await t.get(`/api/v1/streaming/list?list=${theirs}`, { token: owner.token });
      expect(sse.status).toBe(404);
    });
  });
});
