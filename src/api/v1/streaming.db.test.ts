import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStream, upgradeStatus } from '../../../tests/e2e/stream-client.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { createNotification } from '../../domain/notifications/notify.js';
import { MAX_STREAMS_PER_ACCOUNT } from '../../domain/streaming/connections.js';

// These drive the streaming layer by publishing on the event bus as the statuses area does after a post,
// with posts seeded straight into the table: the end-to-end suite covers the real posting path.
async function seedStatus(t: TestServer, accountId: string, visibility: 'public' | 'private' | 'direct' = 'public') {
  const id = t.ctx.ids.next();
  await t.ctx.db
    .insertInto('statuses')
    .values({ id, account_id: accountId, text: 'hi', content: '<p>hi</p>', visibility, sensitive: 0, limited: 0, created_at: new Date().toISOString() })
    .execute();
  return id;
}

describe('streaming API', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let wsUrl: string;
  const open: TestStream[] = [];
  const connect = async (query: string, protocols?: string[]) => {
    const s = await TestStream.open(`${wsUrl}/api/v1/streaming${query}`, protocols);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestServer();
    wsUrl = t.url.replace(/^http/, 'ws');
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
  });
  afterAll(async () => {
    for (const s of open) await s.close();
    await t?.close();
  });

  it('answers the health check with OK', async () => {
    const res = await t.get('/api/v1/streaming/health');
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
  });

  it('streams a home update over WebSocket with the token in the query, payload as a JSON string', async () => {
    const s = await connect(`?access_token=${alice.token}&stream=user`);
    const sid = await seedStatus(t, bob.id);
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(0));
    await t.ctx.events.publish(`user:${alice.id}`, { event: 'update', subject: sid, accountId: alice.id });
    const m = await s.next((x) => x.event === 'update');
    expect(m.stream).toEqual(['user']);
    expect(typeof m.payload).toBe('string');
    expect(JSON.parse(m.payload!)).toMatchObject({ id: sid, account: { id: bob.id } });
  });

  it('takes the token from Sec-WebSocket-Protocol and echoes it back', async () => {
    const s = await connect('', [alice.token]);
    expect(s.ws.protocol).toBe(alice.token);
    s.send({ type: 'subscribe', stream: 'public' });
    const sid = await seedStatus(t, bob.id);
    // Subscriptions are processed as messages arrive: publish until the subscriber sees it.
    await eventually(async () => {
      await t.ctx.events.publish('public', { event: 'update', subject: sid });
      await s.next((x) => x.event === 'update' && JSON.parse(x.payload!).id === sid, 100);
    });
    const m = await s.next((x) => x.event === 'update');
    expect(m.stream).toEqual(['public']);
  });

  it('takes the token from an Authorization header too', async () => {
    const s = await TestStream.open(`${wsUrl}/api/v1/streaming?stream=direct`, undefined, { authorization: `Bearer ${alice.token}` });
    open.push(s);
    s.send({ type: 'subscribe', stream: 'nonsense' });
    expect(await s.next((x) => !!x.error)).toEqual({ error: 'Unknown stream type', status: 400 });
  });

  it('refuses a WebSocket without a token, or with an unknown one, with 401', async () => {
    expect(await upgradeStatus(`${wsUrl}/api/v1/streaming?stream=public`)).toBe(401);
    expect(await upgradeStatus(`${wsUrl}/api/v1/streaming?stream=public&access_token=nope`)).toBe(401);
    expect(await upgradeStatus(`${wsUrl}/api/v1/streaming`, ['nope'])).toBe(401);
  });

  it('answers a WebSocket upgrade on any other path with 404 rather than leaving it hanging', async () => {
    expect(await upgradeStatus(`${wsUrl}/api/v1/timelines/public?access_token=${alice.token}`)).toBe(404);
  });

  it('answers a subscription the token’s scopes do not allow with an error message', async () => {
    const narrow = await t.createUser('narrow', { scopes: 'read:statuses' });
    const s = await connect(`?access_token=${narrow.token}`);
    s.send({ type: 'subscribe', stream: 'user:notification' });
    expect(await s.next((x) => !!x.error)).toEqual({ error: expect.stringMatching(/scope/), status: 401 });
    s.send({ type: 'subscribe', stream: 'nonsense' });
    expect(await s.next((x) => x.status === 400)).toEqual({ error: 'Unknown stream type', status: 400 });
    s.send({ type: 'subscribe', stream: 'hashtag' });
    expect(await s.next((x) => x.error === 'No tag for stream provided')).toMatchObject({ status: 400 });
  });

  it('names hashtag streams with the tag and delivers deletes to every subscription', async () => {
    const s = await connect(`?access_token=${alice.token}`);
    s.send({ type: 'subscribe', stream: 'hashtag', tag: 'Cats' });
    const sid = await seedStatus(t, bob.id);
    await eventually(async () => {
      await t.ctx.events.publish('hashtag:cats', { event: 'update', subject: sid });
      await s.next((x) => x.event === 'update', 100);
    });
    expect((await s.next((x) => x.event === 'update')).stream).toEqual(['hashtag', 'Cats']);
    await t.ctx.events.publish('deletes', { event: 'delete', subject: sid });
    expect(await s.next((x) => x.event === 'delete')).toEqual({ stream: ['hashtag', 'Cats'], event: 'delete', payload: sid });
  });

  it('does not deliver a post by an author the viewer blocks, nor a private post to a non-follower', async () => {
    const viewer = await t.createUser('picky');
    const blocked = await t.createUser('blocked');
    await t.ctx.db
      .insertInto('blocks')
      .values({ id: t.ctx.ids.next(), account_id: viewer.id, target_account_id: blocked.id, created_at: new Date().toISOString() })
      .execute();
    const s = await connect(`?access_token=${viewer.token}&stream=public`);
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(0));
    const hidden = await seedStatus(t, blocked.id);
    const secret = await seedStatus(t, bob.id, 'private');
    const fine = await seedStatus(t, bob.id);
    for (const id of [hidden, secret, fine]) await t.ctx.events.publish('public', { event: 'update', subject: id });
    const m = await s.next((x) => x.event === 'update');
    expect(JSON.parse(m.payload!).id).toBe(fine);
    expect(s.messages.filter((x) => x.event === 'update')).toHaveLength(1);
  });

  it('does not deliver a public post to someone its author blocks', async () => {
    const viewer = await t.createUser('unwelcome');
    const author = await t.createUser('private_person');
    await t.ctx.db
      .insertInto('blocks')
      .values({ id: t.ctx.ids.next(), account_id: author.id, target_account_id: viewer.id, created_at: new Date().toISOString() })
      .execute();
    const s = await connect(`?access_token=${viewer.token}&stream=public`);
    const other = await connect(`?access_token=${bob.token}&stream=public`);
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(3));
    const hidden = await seedStatus(t, author.id);
    const fine = await seedStatus(t, bob.id);
    for (const id of [hidden, fine]) await t.ctx.events.publish('public', { event: 'update', subject: id });
    expect(JSON.parse((await s.next((x) => x.event === 'update')).payload!).id).toBe(fine);
    expect(s.messages.filter((x) => x.event === 'update')).toHaveLength(1);
    // Others still get it, rendered as anyone sees it (as Mastodon does on public streams: no viewer fields).
    const seen = await other.next((x) => x.event === 'update' && JSON.parse(x.payload!).id === hidden);
    expect(JSON.parse(seen.payload!)).not.toHaveProperty('favourited');
  });

  it('does not deliver a post by an author the viewer mutes', async () => {
    const viewer = await t.createUser('muter');
    const muted = await t.createUser('muted');
    await t.ctx.db
      .insertInto('mutes')
      .values({ id: t.ctx.ids.next(), account_id: viewer.id, target_account_id: muted.id, hide_notifications: 0, created_at: new Date().toISOString() })
      .execute();
    const s = await connect(`?access_token=${viewer.token}&stream=public:local`);
    const hidden = await seedStatus(t, muted.id);
    const fine = await seedStatus(t, bob.id);
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(0));
    for (const id of [hidden, fine]) await t.ctx.events.publish('public:local', { event: 'update', subject: id });
    const m = await s.next((x) => x.event === 'update');
    expect(JSON.parse(m.payload!).id).toBe(fine);
    expect(m.stream).toEqual(['public:local']);
  });

  it('streams notifications on user and user:notification, never to someone else', async () => {
    const carol = await t.createUser('carol');
    const s = await connect(`?access_token=${carol.token}&stream=user:notification`);
    const other = await connect(`?access_token=${bob.token}&stream=user`);
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(1));
    const nid = await createNotification(t.ctx, { type: 'follow', accountId: carol.id, fromAccountId: alice.id });
    const m = await s.next((x) => x.event === 'notification');
    expect(m.stream).toEqual(['user:notification']);
    expect(JSON.parse(m.payload!)).toMatchObject({ id: nid, type: 'follow', account: { id: alice.id } });
    // A notification event addressed to carol but published on bob's channel still never reaches bob.
    await t.ctx.events.publish(`user:${bob.id}`, { event: 'notification', subject: nid!, accountId: carol.id });
    await new Promise((r) => setTimeout(r, 100));
    expect(other.messages.filter((x) => x.event === 'notification')).toEqual([]);
  });

  it('stops delivering after unsubscribe and leaves no listener behind on close', async () => {
    const before = t.ctx.events.listenerCount();
    const s = await TestStream.open(`${wsUrl}/api/v1/streaming?access_token=${alice.token}`);
    s.send({ type: 'subscribe', stream: 'public' });
    s.send({ type: 'subscribe', stream: 'hashtag', tag: 'dogs' });
    s.send({ type: 'subscribe', stream: 'direct' });
    await eventually(() => expect(t.ctx.events.listenerCount()).toBe(before + 6));
    s.send({ type: 'unsubscribe', stream: 'public' });
    await eventually(() => expect(t.ctx.events.listenerCount()).toBe(before + 4));
    await s.close();
    await eventually(() => expect(t.ctx.events.listenerCount()).toBe(before));
  });

  it('caps the streaming connections of one account and frees a slot on close', async () => {
    const hog = await t.createUser('hog');
    const url = `${wsUrl}/api/v1/streaming?access_token=${hog.token}`;
    const many = await Promise.all(Array.from({ length: MAX_STREAMS_PER_ACCOUNT }, () => TestStream.open(url)));
    try {
      expect(await upgradeStatus(url)).toBe(429);
      expect((await t.get(`/api/v1/streaming/public?access_token=${hog.token}`)).status).toBe(429);
      // Others are not affected.
      expect(await upgradeStatus(`${wsUrl}/api/v1/streaming?access_token=${alice.token}`)).toBe(101);
      await many.pop()!.close();
      await eventually(async () => expect(await upgradeStatus(url)).toBe(101));
    } finally {
      for (const s of many) await s.close();
    }
  });

  describe('server-sent events', () => {
    async function openSse(path: string, headers: Record<string, string> = {}) {
      const controller = new AbortController();
      const res = await fetch(`${t.url}${path}`, { headers, signal: controller.signal });
      const reader = res.body!.getReader();
      let text = '';
      const decoder = new TextDecoder();
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${needle}: ${text}`);
          text += decoder.decode(value, { stream: true });
        }
        return text;
      };
      return { res, readUntil, close: () => controller.abort() };
    }

    it('streams event: and data: lines with the bearer token in a header, and cleans up on disconnect', async () => {
      const before = t.ctx.events.listenerCount();
      const sse = await openSse('/api/v1/streaming/public/local', { authorization: `Bearer ${alice.token}` });
      expect(sse.res.status).toBe(200);
      expect(sse.res.headers.get('content-type')).toContain('text/event-stream');
      await sse.readUntil(':)');
      const sid = await seedStatus(t, bob.id);
      await t.ctx.events.publish('public:local', { event: 'update', subject: sid });
      const text = await sse.readUntil('\n\n');
      const block = text.slice(text.indexOf('event:'));
      expect(block.startsWith('event: update\ndata: {')).toBe(true);
      expect(JSON.parse(block.split('\n')[1]!.slice('data: '.length)).id).toBe(sid);
      expect(t.ctx.events.listenerCount()).toBe(before + 2);
      sse.close();
      await eventually(() => expect(t.ctx.events.listenerCount()).toBe(before));
    });

    it('takes the token from access_token and streams a hashtag', async () => {
      const sse = await openSse(`/api/v1/streaming/hashtag?tag=birds&access_token=${alice.token}`);
      expect(sse.res.status).toBe(200);
      await sse.readUntil(':)');
      await t.ctx.events.publish('deletes', { event: 'delete', subject: '12345' });
      expect(await sse.readUntil('data: 12345')).toContain('event: delete\ndata: 12345\n\n');
      sse.close();
    });

    it('refuses a missing token, an unknown channel and a hashtag stream without tag', async () => {
      const anon = await t.get('/api/v1/streaming/public');
      expect(anon.status).toBe(401);
      expect(anon.body.error).toMatch(/token/i);
      expect((await t.get('/api/v1/streaming/public?access_token=bad')).status).toBe(401);
      const unknown = await t.get('/api/v1/streaming/everything', { token: alice.token });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toEqual({ error: 'Unknown channel requested' });
      expect((await t.get('/api/v1/streaming/hashtag', { token: alice.token })).status).toBe(400);
      const app = await t.createUser('scoped', { scopes: 'write' });
      expect((await t.get('/api/v1/streaming/user', { token: app.token })).status).toBe(401);
    });
  });
});

describe('streaming at shutdown', () => {
  it('ends open WebSockets so the server can close', async () => {
    const t = await startTestServer();
    const u = await t.createUser('leaver');
    const s = await TestStream.open(`${t.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${u.token}&stream=user`);
    const closed = new Promise<number>((resolve) => s.ws.once('close', (code) => resolve(code)));
    // Without the hook, server.close() would wait on the socket for ever. Timed to the socket's close, not to
    // t.close(), which also drops the database (seconds on a loaded machine).
    const started = Date.now();
    const closing = t.close();
    expect(await closed).toBe(1001);
    expect(Date.now() - started).toBeLessThan(10_000);
    await closing;
  });
});
