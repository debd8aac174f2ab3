import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';
import { TestStream, upgradeStatus } from './stream-client.js';

// Streaming through the real posting path: posts made over HTTP reach WebSocket and SSE subscribers.
describe('streaming end to end', () => {
  let t: TestServer;
  let ada: TestUser;
  let bea: TestUser;
  let cyd: TestUser;
  let ws: string;
  const streams: TestStream[] = [];
  const open = async (query: string, protocols?: string[]) => {
    const s = await TestStream.open(`${ws}/api/v1/streaming${query}`, protocols);
    streams.push(s);
    return s;
  };
  const post = async (u: TestUser, status: string, extra: Record<string, unknown> = {}) => (await t.postStatus(u, status, extra)).id as string;
  const updates = (s: TestStream) => s.messages.filter((m) => m.event === 'update').map((m) => JSON.parse(m.payload!).id as string);

  beforeAll(async () => {
    t = await startTestServer();
    ws = t.url.replace(/^http/, 'ws');
    ada = await t.createUser('ada');
    bea = await t.createUser('bea');
    cyd = await t.createUser('cyd');
    expect((await t.post(`/api/v1/accounts/${ada.id}/follow`, { token: bea.token })).status).toBe(200);
  });
  afterAll(async () => {
    for (const s of streams) await s.close();
    await t?.close();
  });

  it('delivers a followed account’s post on the home stream (token in the query)', async () => {
    const s = await open(`?access_token=${bea.token}&stream=user`);
    const id = await post(ada, 'good morning');
    const m = await s.next((x) => x.event === 'update');
    expect(m.stream).toEqual(['user']);
    expect(JSON.parse(m.payload!)).toMatchObject({ id, content: expect.stringContaining('good morning'), account: { id: ada.id } });
  });

  it('delivers public and hashtag posts with the token in Sec-WebSocket-Protocol', async () => {
    const s = await open('', [cyd.token]);
    expect(s.ws.protocol).toBe(cyd.token);
    s.send({ type: 'subscribe', stream: 'public' });
    s.send({ type: 'subscribe', stream: 'hashtag', tag: 'Rivers' });
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThanOrEqual(6));
    const id = await post(ada, 'the #rivers are high');
    const pub = await s.next((x) => x.event === 'update' && x.stream?.[0] === 'public');
    const tag = await s.next((x) => x.event === 'update' && x.stream?.[0] === 'hashtag');
    expect(JSON.parse(pub.payload!).id).toBe(id);
    expect(tag.stream).toEqual(['hashtag', 'Rivers']);
    expect(JSON.parse(tag.payload!).id).toBe(id);
  });

  it('keeps a blocked author’s posts off every stream of the blocker', async () => {
    const s = await open(`?access_token=${cyd.token}&stream=public`);
    expect((await t.post(`/api/v1/accounts/${bea.id}/block`, { token: cyd.token })).status).toBe(200);
    const hidden = await post(bea, 'you should not see this');
    const shown = await post(ada, 'but this one yes');
    await s.next((x) => x.event === 'update' && JSON.parse(x.payload!).id === shown);
    expect(updates(s)).not.toContain(hidden);
  });

  it('never streams a followers-only post to someone who does not follow', async () => {
    const outsider = await open(`?access_token=${cyd.token}&stream=user`);
    const follower = await open(`?access_token=${bea.token}&stream=user`);
    const id = await post(ada, 'for my followers', { visibility: 'private' });
    await follower.next((x) => x.event === 'update' && JSON.parse(x.payload!).id === id);
    await new Promise((r) => setTimeout(r, 100));
    expect(updates(outsider)).not.toContain(id);
  });

  it('streams a mention notification and the delete of a post', async () => {
    const s = await open(`?access_token=${bea.token}&stream=user`);
    const id = await post(ada, 'hey @bea');
    const n = await s.next((x) => x.event === 'notification');
    expect(JSON.parse(n.payload!)).toMatchObject({ type: 'mention', status: { id }, account: { id: ada.id } });
    expect((await t.request('DELETE', `/api/v1/statuses/${id}`, { token: ada.token })).status).toBe(200);
    expect(await s.next((x) => x.event === 'delete' && x.payload === id)).toEqual({ stream: ['user'], event: 'delete', payload: id });
  });

  it('refuses an anonymous WebSocket and a revoked-looking token', async () => {
    expect(await upgradeStatus(`${ws}/api/v1/streaming?stream=public`)).toBe(401);
    expect(await upgradeStatus(`${ws}/api/v1/streaming?stream=public&access_token=${'x'.repeat(40)}`)).toBe(401);
  });

  it('streams server-sent events for the public timeline', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/api/v1/streaming/public?access_token=${cyd.token}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) text += decoder.decode((await reader.read()).value, { stream: true });
    };
    await readUntil(':)');
    const id = await post(ada, 'over SSE');
    await readUntil(`"id":"${id}"`);
    expect(text).toContain('event: update\ndata: {');
    controller.abort();
  });
});
