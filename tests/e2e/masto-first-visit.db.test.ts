import { createOAuthAPIClient, createRestAPIClient, createStreamingAPIClient, type mastodon } from 'masto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { eventually, startTestServer, type TestServer } from '../helpers/server.js';

// A first visit as a Mastodon app would make it, through the `masto` client only: register an app, sign two
// people up, follow, post with a hashtag and a mention, reply, echo, upvote, read every timeline and the
// notifications, search, watch the home stream, and delete. Steps run in order and share state.

type Rest = mastodon.rest.Client;
type Streaming = mastodon.streaming.Client;

/** Collects everything a masto subscription yields, in the background. */
function collect(sub: mastodon.streaming.Subscription): mastodon.streaming.Event[] {
  const events: mastodon.streaming.Event[] = [];
  void (async () => {
    try {
      for await (const e of sub) events.push(e);
    } catch {
      // The connection was closed at the end of the suite.
    }
  })();
  return events;
}

/**
 * masto's calls bypass the test helper, which waits for background work (fan-out, notifications) after each
 * request: wait for it here after writes, so reads see a settled server.
 */
const settle = (t: TestServer) => t.ctx.jobs.drain();

/**
 * The HTTP status a masto call failed with. masto turns an error response into a MastoHttpError, except under
 * vitest where its `instanceof Response` check fails and the raw Response is thrown: accept both.
 */
async function failure(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (err) {
    const e = err as { statusCode?: number; status?: number };
    return e.statusCode ?? e.status ?? -1;
  }
  return 200;
}

describe('masto: a first visit', () => {
  let t: TestServer;
  let app: { clientId: string; clientSecret: string };
  let appToken: string;
  let ada: Rest;
  let bea: Rest;
  let adaToken: string;
  let beaToken: string;
  let adaId: string;
  let beaId: string;
  let beaStream: Streaming;
  let beaHome: mastodon.streaming.Event[];
  let beaTag: mastodon.streaming.Event[];
  let post: mastodon.v1.Status;
  let reply: mastodon.v1.Status;

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    beaStream?.close();
    await t?.close();
  });

  const restClient = (accessToken?: string) => createRestAPIClient({ url: t.url, accessToken, timeout: 10_000 });

  it('registers an app', async () => {
    const created = await restClient().v1.apps.create({
      clientName: 'masto e2e',
      redirectUris: 'urn:ietf:wg:oauth:2.0:oob',
      scopes: 'read write follow push',
      website: 'https://example.test',
    });
    expect(created.name).toBe('masto e2e');
    expect(created.clientId).toEqual(expect.any(String));
    expect(created.clientSecret).toEqual(expect.any(String));
    app = { clientId: created.clientId!, clientSecret: created.clientSecret! };
  });

  it('gets an app token with client_credentials', async () => {
    const oauth = createOAuthAPIClient({ url: t.url });
    const token = await oauth.token.create({
      grantType: 'client_credentials',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
      scope: 'read write follow push',
    });
    expect(token.accessToken).toEqual(expect.any(String));
    appToken = token.accessToken;
  });

  it('signs two people up through the API', async () => {
    const withApp = restClient(appToken);
    const a = await withApp.v1.accounts.create({
      username: 'ada',
      email: 'ada@example.test',
      password: 'correct horse battery ada',
      agreement: true,
      locale: 'en',
    });
    const b = await withApp.v1.accounts.create({
      username: 'bea',
      email: 'bea@example.test',
      password: 'correct horse battery bea',
      agreement: true,
      locale: 'en',
    });
    adaToken = a.accessToken;
    beaToken = b.accessToken;
    ada = restClient(adaToken);
    bea = restClient(beaToken);
    const [me, her] = await Promise.all([ada.v1.accounts.verifyCredentials(), bea.v1.accounts.verifyCredentials()]);
    expect(me.username).toBe('ada');
    expect(her.username).toBe('bea');
    adaId = me.id;
    beaId = her.id;
  });

  it('follows', async () => {
    const rel = await bea.v1.accounts.$select(adaId).follow();
    await settle(t);
    expect(rel.following).toBe(true);
    const [check] = await bea.v1.accounts.relationships.fetch({ id: [adaId] });
    expect(check?.following).toBe(true);
  });

  it('opens the home stream over WebSocket, at the address the instance advertises', async () => {
    const instance = await bea.v2.instance.fetch();
    const streamingApiUrl = instance.configuration.urls.streaming;
    expect(streamingApiUrl).toBe(t.url.replace(/^http/, 'ws'));
    beaStream = createStreamingAPIClient({ streamingApiUrl, accessToken: beaToken, implementation: WebSocket, retry: false });
    beaHome = collect(beaStream.user.subscribe());
    beaTag = collect(beaStream.hashtag.subscribe({ tag: 'Tribune' }));
    // Subscriptions are sent once the socket is open: wait until the server holds both (two channels each).
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThanOrEqual(4));
  });

  it('posts with a hashtag and a mention', async () => {
    post = await ada.v1.statuses.create({ status: 'Hello #Tribune, first post here @bea', visibility: 'public' });
    await settle(t);
    expect(post.visibility).toBe('public');
    expect(post.tags.map((tag) => tag.name.toLowerCase())).toEqual(['tribune']);
    expect(post.mentions.map((m) => m.id)).toEqual([beaId]);
    expect(post.content).toContain('Tribune');
  });

  it('receives the post as a streamed update', async () => {
    const update = await eventually(() => {
      const e = beaHome.find((x) => x.event === 'update' && x.payload.id === post.id);
      if (!e) throw new Error(`no update yet; got ${JSON.stringify(beaHome.map((x) => x.event))}`);
      return e;
    });
    expect(update.stream).toEqual(['user']);
    const tagged = await eventually(() => {
      const e = beaTag.find((x) => x.event === 'update');
      if (!e) throw new Error('no hashtag update yet');
      return e;
    });
    expect(tagged.stream).toEqual(['hashtag', 'Tribune']);
    expect(tagged.payload).toMatchObject({ id: post.id });
  });

  it('replies, echoes and upvotes', async () => {
    reply = await bea.v1.statuses.create({ status: '@ada welcome!', inReplyToId: post.id });
    expect(reply.inReplyToId).toBe(post.id);
    const echo = await bea.v1.statuses.$select(post.id).reblog();
    expect(echo.reblog?.id).toBe(post.id);
    const upvoted = await bea.v1.statuses.$select(post.id).favourite();
    await settle(t);
    expect(upvoted.favourited).toBe(true);
    expect(upvoted.favouritesCount).toBe(1);
  });

  it('reads the home, public and hashtag timelines', async () => {
    const home = await bea.v1.timelines.home.list({ limit: 20 });
    expect(home.map((s) => s.id)).toContain(post.id);
    const pub = await bea.v1.timelines.public.list({ limit: 20 });
    expect(pub.map((s) => s.id)).toContain(post.id);
    const local = await bea.v1.timelines.public.list({ local: true });
    expect(local.map((s) => s.id)).toContain(post.id);
    const tag = await bea.v1.timelines.tag.$select('tribune').list();
    expect(tag.map((s) => s.id)).toEqual([post.id]);
  });

  it('reads the notifications', async () => {
    const mine = await ada.v1.notifications.list();
    const types = mine.map((n) => n.type).sort();
    expect(types).toEqual(['favourite', 'follow', 'mention', 'reblog']);
    const mention = mine.find((n) => n.type === 'mention');
    expect(mention?.status?.id).toBe(reply.id);
    expect(mention?.account.id).toBe(beaId);
    const hers = await bea.v1.notifications.list({ types: ['mention'] });
    expect(hers.map((n) => n.status?.id)).toEqual([post.id]);
    const grouped = await ada.v2.notifications.list();
    expect(grouped.notificationGroups.length).toBe(4);
    const follow = mine.find((n) => n.type === 'follow')!;
    await ada.v1.notifications.$select(follow.id).dismiss();
    expect((await ada.v1.notifications.list()).map((n) => n.id)).not.toContain(follow.id);
  });

  it('receives the mention notification on the home stream', async () => {
    const n = await eventually(() => {
      const e = beaHome.find((x) => x.event === 'notification');
      if (!e) throw new Error('no notification yet');
      return e;
    });
    expect(n.payload).toMatchObject({ type: 'mention', status: { id: post.id } });
  });

  it('searches', async () => {
    const found = await bea.v2.search.list({ q: 'tribune' });
    expect(found.hashtags.map((h) => h.name.toLowerCase())).toContain('tribune');
    const accounts = await bea.v2.search.list({ q: 'ada', type: 'accounts' });
    expect(accounts.accounts.map((a) => a.id)).toContain(adaId);
  });

  it('deletes the post, which leaves the stream and the timelines', async () => {
    await ada.v1.statuses.$select(post.id).remove();
    await settle(t);
    await eventually(() => {
      if (!beaHome.some((x) => x.event === 'delete' && x.payload === post.id))
        throw new Error(`no delete yet; got ${JSON.stringify(beaHome.map((x) => x.event))}`);
    });
    expect(await failure(bea.v1.statuses.$select(post.id).fetch())).toBe(404);
    const pub = await bea.v1.timelines.public.list();
    expect(pub.map((s) => s.id)).not.toContain(post.id);
  });
});

describe('masto: direct messages', () => {
  let t: TestServer;
  let stream: Streaming | undefined;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    stream?.close();
    await t?.close();
  });

  it('delivers a direct post as an unread conversation, streamed, read, answered and removed', async () => {
    const ada = await t.createUser('ada');
    const bea = await t.createUser('bea');
    const eve = await t.createUser('eve');
    const adaRest = createRestAPIClient({ url: t.url, accessToken: ada.token });
    const beaRest = createRestAPIClient({ url: t.url, accessToken: bea.token });
    const eveRest = createRestAPIClient({ url: t.url, accessToken: eve.token });
    stream = createStreamingAPIClient({ streamingApiUrl: t.url.replace(/^http/, 'ws'), accessToken: bea.token, implementation: WebSocket, retry: false });
    const direct = collect(stream.direct.subscribe());
    await eventually(() => expect(t.ctx.events.listenerCount()).toBeGreaterThan(0));

    const dm = await adaRest.v1.statuses.create({ status: '@bea just between us', visibility: 'direct' });
    await settle(t);
    expect(dm.visibility).toBe('direct');

    const [conv] = await beaRest.v1.conversations.list();
    expect(conv).toMatchObject({ unread: true, lastStatus: { id: dm.id } });
    expect(conv!.accounts.map((a) => a.id)).toEqual([ada.id]);
    const streamed = await eventually(() => {
      const e = direct.find((x) => x.event === 'conversation');
      if (!e) throw new Error(`no conversation event; got ${JSON.stringify(direct)}`);
      return e;
    });
    expect(streamed.payload).toMatchObject({ id: conv!.id, unread: true, lastStatus: { id: dm.id } });

    // Nobody else sees it anywhere.
    expect(await eveRest.v1.conversations.list()).toEqual([]);
    expect(await failure(eveRest.v1.statuses.$select(dm.id).fetch())).toBe(404);

    const read = await beaRest.v1.conversations.$select(conv!.id).read();
    expect(read.unread).toBe(false);

    const answer = await beaRest.v1.statuses.create({ status: '@ada agreed', visibility: 'direct', inReplyToId: dm.id });
    await settle(t);
    const [adaConv] = await adaRest.v1.conversations.list();
    expect(adaConv).toMatchObject({ unread: true, lastStatus: { id: answer.id } });
    expect(await adaRest.v1.conversations.list()).toHaveLength(1);

    await beaRest.v1.conversations.$select(conv!.id).remove();
    expect(await beaRest.v1.conversations.list()).toEqual([]);
    expect(await adaRest.v1.conversations.list()).toHaveLength(1);
  });
});
