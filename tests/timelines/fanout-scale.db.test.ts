import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fanoutChunk } from '../../src/domain/statuses/fanout.js';
import { publishHeldStatus } from '../../src/domain/statuses/lifecycle.js';
import type { StreamEvent } from '../../src/infra/events.js';
import { resolveThresholds } from '../../src/moderation/classifier/thresholds.js';
import { seedFollowers } from '../helpers/followers.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Issue 14: no request waits on fan-out. A post is answered, then written into followers' homes by jobs of a chunk of
// followers each; an author with more followers than FANOUT_ON_READ_FOLLOWERS is merged into homes at read time.

const ids = (body: Array<{ id: string }>) => body.map((s) => s.id);

/** POST /api/v1/statuses without waiting for the jobs it queues (the test server's helpers wait for them). */
async function postNow(t: TestServer, user: TestUser, status: string): Promise<string> {
  const res = await fetch(`${t.url}/api/v1/statuses`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ status }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

describe('fan-out on write, in chunks after the answer', () => {
  const FOLLOWERS = 3_000;
  let t: TestServer;
  let author: TestUser;
  let last: TestUser;
  const entries = async (statusId: string) =>
    (await t.ctx.db.selectFrom('feed_entries').select('account_id').where('status_id', '=', statusId).execute()).map((r) => r.account_id);
  const userUpdates = (publish: { mock: { calls: unknown[][] } }, statusId: string) =>
    publish.mock.calls
      .filter(([channel, e]) => String(channel).startsWith('user:') && (e as StreamEvent).event === 'update' && (e as StreamEvent).subject === statusId)
      .map(([channel]) => String(channel));

  beforeAll(async () => {
    t = await startTestServer({ fanout: { onReadFollowers: 10_000, chunk: 250 } });
    author = await t.createUser('author');
    await seedFollowers(t.ctx, author.id, FOLLOWERS - 1);
    // The last follower in the order fan-out walks them.
    last = await t.createUser('last');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: last.token })).status).toBe(200);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => t?.close());

  it('answers a post from an account with 3,000 followers before its fan-out ends; each follower then sees it once', async () => {
    const publish = vi.spyOn(t.ctx.events, 'publish');
    const enqueue = vi.spyOn(t.ctx.jobs, 'enqueue');
    const id = await postNow(t, author, 'to three thousand homes');
    expect((await entries(id)).length).toBeLessThan(FOLLOWERS + 1);
    // As a client would: the last follower's home, until the post is there.
    await expect.poll(async () => ids((await t.get('/api/v1/timelines/home?limit=5', { token: last.token })).body)).toContain(id);
    await t.ctx.jobs.drain();
    const homes = await entries(id);
    expect(homes.length).toBe(FOLLOWERS + 1);
    expect(new Set(homes).size).toBe(homes.length);
    const streamed = userUpdates(publish, id);
    expect(streamed.length).toBe(FOLLOWERS + 1);
    expect(new Set(streamed).size).toBe(streamed.length);
    // One job per chunk of 250 followers after the first, each carrying its cursor.
    const chunks = enqueue.mock.calls.filter(([name, p]) => name === 'statuses.fanout' && (p as { cursor?: string }).cursor);
    expect(chunks.length).toBe(FOLLOWERS / 250 - 1);
  });

  it('runs a chunk again, or twice at once, without inserting or streaming anything twice', async () => {
    const id = await postNow(t, author, 'retried chunk');
    await t.ctx.jobs.drain();
    const follows = await t.ctx.db.selectFrom('follows').select(['id', 'account_id']).where('target_account_id', '=', author.id).orderBy('id').execute();
    // As if the jobs of the last 300 followers had never run: their rows go, the chunk before them is the cursor.
    const cursor = follows[follows.length - 301]!.id;
    const tail = follows.slice(-300).map((f) => f.account_id);
    await t.ctx.db.deleteFrom('feed_entries').where('status_id', '=', id).where('account_id', 'in', tail).execute();
    expect((await entries(id)).length).toBe(FOLLOWERS + 1 - 300);

    const publish = vi.spyOn(t.ctx.events, 'publish');
    await Promise.all([fanoutChunk(t.ctx, id, cursor), fanoutChunk(t.ctx, id, cursor)]);
    await fanoutChunk(t.ctx, id, cursor);
    await t.ctx.jobs.drain();
    expect((await entries(id)).length).toBe(FOLLOWERS + 1);
    expect(userUpdates(publish, id).sort()).toEqual(tail.map((a) => `user:${a}`).sort());
  });

  it('stops reaching homes when the post is deleted during its fan-out', async () => {
    const id = await postNow(t, author, 'deleted at once');
    expect((await t.request('DELETE', `/api/v1/statuses/${id}`, { token: author.token })).status).toBe(200);
    await t.ctx.jobs.drain();
    expect(await entries(id)).toEqual([]);
    expect(ids((await t.get('/api/v1/timelines/home', { token: last.token })).body)).not.toContain(id);
  });
});

describe('fan-out on read above FANOUT_ON_READ_FOLLOWERS', () => {
  let t: TestServer;
  let big: TestUser;
  let small: TestUser;
  let reader: TestUser;
  let other: TestUser;
  let third: TestUser;
  const home = async (query = '') => t.get(`/api/v1/timelines/home${query}`, { token: reader.token });
  const post = async (u: TestUser, status: string) => (await t.postStatus(u, status)).id as string;

  beforeAll(async () => {
    t = await startTestServer({ fanout: { onReadFollowers: 2, chunk: 500 } });
    big = await t.createUser('big');
    small = await t.createUser('small');
    reader = await t.createUser('reader');
    other = await t.createUser('other');
    third = await t.createUser('third');
    for (const u of [reader, other, third]) expect((await t.post(`/api/v1/accounts/${big.id}/follow`, { token: u.token })).status).toBe(200);
    expect((await t.post(`/api/v1/accounts/${small.id}/follow`, { token: reader.token })).status).toBe(200);
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => t?.close());

  it('merges a big account’s posts into its followers’ homes in order, with max_id, min_id, since_id and Link headers', async () => {
    const s1 = await post(small, 'small one');
    const b1 = await post(big, 'big one');
    const s2 = await post(small, 'small two');
    const b2 = await post(big, 'big two');
    const b3 = await post(big, 'big three');
    const s3 = await post(small, 'small three');
    // Written into no follower's home: only the author's own.
    const written = await t.ctx.db.selectFrom('feed_entries').select('account_id').where('status_id', 'in', [b1, b2, b3]).execute();
    expect(new Set(written.map((r) => r.account_id))).toEqual(new Set([big.id]));
    expect((await t.ctx.db.selectFrom('accounts').select('fanout_on_read').where('id', '=', big.id).executeTakeFirstOrThrow()).fanout_on_read).toBe(1);

    expect(ids((await home()).body)).toEqual([s3, b3, b2, s2, b1, s1]);
    const first = await home('?limit=2');
    expect(ids(first.body)).toEqual([s3, b3]);
    const link = first.headers.get('link')!;
    expect(link).toContain(`max_id=${b3}`);
    expect(link).toContain(`min_id=${s3}`);
    const next = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!);
    const second = await t.get(`${next.pathname}${next.search}`, { token: reader.token });
    expect(ids(second.body)).toEqual([b2, s2]);
    expect(ids((await home(`?max_id=${s2}&limit=2`)).body)).toEqual([b1, s1]);
    expect(ids((await home(`?min_id=${s1}&limit=2`)).body)).toEqual([s2, b1]);
    expect(ids((await home(`?min_id=${b2}&limit=2`)).body)).toEqual([s3, b3]);
    expect(ids((await home(`?since_id=${b1}&limit=2`)).body)).toEqual([s3, b3]);
    expect(ids((await home(`?since_id=${b1}&max_id=${s3}`)).body)).toEqual([b3, b2, s2]);
    // The other followers see them too.
    expect(ids((await t.get('/api/v1/timelines/home', { token: other.token })).body)).toEqual([b3, b2, b1]);
  });

  it('shows a big account’s new post on a cached home page, and streams it to each follower', async () => {
    const before = ids((await home()).body);
    expect(ids((await home()).body)).toEqual(before);
    const publish = vi.spyOn(t.ctx.events, 'publish');
    const id = await post(big, 'fresh from the big account');
    expect(ids((await home()).body)[0]).toBe(id);
    const streamed = publish.mock.calls.filter(([, e]) => (e as StreamEvent).event === 'update' && (e as StreamEvent).subject === id).map(([ch]) => ch);
    expect(streamed).toEqual(expect.arrayContaining([`user:${reader.id}`, `user:${other.id}`, `user:${third.id}`, `user:${big.id}`]));
    expect(streamed.filter((ch) => ch === `user:${reader.id}`)).toHaveLength(1);
  });

  it('streams a big account’s edit to each follower', async () => {
    const id = await post(big, 'before the edit');
    const publish = vi.spyOn(t.ctx.events, 'publish');
    expect((await t.request('PUT', `/api/v1/statuses/${id}`, { token: big.token, json: { status: 'after the edit' } })).status).toBe(200);
    const streamed = publish.mock.calls.filter(([, e]) => (e as StreamEvent).event === 'status.update' && (e as StreamEvent).subject === id).map(([ch]) => ch);
    expect(streamed.filter((ch) => String(ch).startsWith('user:')).sort()).toEqual([big, reader, other, third].map((u) => `user:${u.id}`).sort());
    expect((await home()).body.find((s: { id: string }) => s.id === id).content).toContain('after the edit');
  });

  it('merges a big account’s echoes, not those of the reader’s own posts, and never a direct post that does not mention the reader', async () => {
    const others = await post(other, 'echo this');
    const mine = await post(reader, 'mine, echoed');
    const echoOfOthers = (await t.ok('POST', `/api/v1/statuses/${others}/reblog`, big)) as { id: string };
    const echoOfMine = (await t.ok('POST', `/api/v1/statuses/${mine}/reblog`, big)) as { id: string };
    const direct = (await t.postStatus(big, 'just for @third', { visibility: 'direct' })).id as string;
    const shown = ids((await home()).body);
    expect(shown).toContain(echoOfOthers.id);
    expect(shown).not.toContain(echoOfMine.id);
    expect(shown).not.toContain(direct);
    expect(ids((await t.get('/api/v1/timelines/home', { token: third.token })).body)).toContain(direct);
  });

  it('keeps a held post out until it is released', async () => {
    const normal = t.ctx.moderation.thresholds;
    t.ctx.moderation.thresholds = resolveThresholds({ reviewThreshold: 0, refuseThreshold: 1.01 });
    const id = await post(big, 'held for review');
    t.ctx.moderation.thresholds = normal;
    expect((await t.ctx.db.selectFrom('statuses').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('pending');
    expect(ids((await home()).body)).not.toContain(id);
    await publishHeldStatus(t.ctx, id);
    await t.ctx.jobs.drain();
    expect(ids((await home()).body)[0]).toBe(id);
  });

  it('drops a big account’s posts on mute, block and unfollow, and brings them back', async () => {
    const id = await post(big, 'still here?');
    expect(ids((await home()).body)).toContain(id);
    expect((await t.post(`/api/v1/accounts/${big.id}/mute`, { token: reader.token })).status).toBe(200);
    expect(ids((await home()).body)).not.toContain(id);
    expect((await t.post(`/api/v1/accounts/${big.id}/unmute`, { token: reader.token })).status).toBe(200);
    expect(ids((await home()).body)).toContain(id);

    expect((await t.post(`/api/v1/accounts/${big.id}/unfollow`, { token: reader.token })).status).toBe(200);
    expect(ids((await home()).body)).not.toContain(id);
    expect((await t.post(`/api/v1/accounts/${big.id}/follow`, { token: reader.token })).status).toBe(200);
    expect(ids((await home()).body)).toContain(id);

    expect((await t.post(`/api/v1/accounts/${big.id}/block`, { token: reader.token })).status).toBe(200);
    expect(ids((await home()).body)).not.toContain(id);
    // A block ended the follow: unblocking alone brings nothing back.
    expect((await t.post(`/api/v1/accounts/${big.id}/unblock`, { token: reader.token })).status).toBe(200);
    expect(ids((await home()).body)).not.toContain(id);
  });
});
