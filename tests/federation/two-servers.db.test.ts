import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Two real Tribune servers on loopback talk ActivityPub over HTTP (signed requests, Fedify's queue on each
// database). Loopback is only reachable because both allow private addresses, as ALLOW_PRIVATE_ADDRESS=true does.
const federation = { allowPrivateAddress: true };
const AP = { accept: 'application/activity+json' };

describe('federation between two servers', () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let bobOnA: string;

  const domainOf = (t: TestServer) => new URL(t.url).host;
  const relationship = async () =>
    (await a.ok<Array<{ following: boolean; requested: boolean }>>('GET', `/api/v1/accounts/relationships?id[]=${bobOnA}`, alice))[0]!;
  const home = () => a.ok<Array<{ content: string; uri: string; account: { acct: string } }>>('GET', '/api/v1/timelines/home', alice);

  beforeAll(async () => {
    a = await startTestServer({ federation });
    // B screens nothing out (its thresholds are out of reach), so a threat leaves it: A must stop it at its border.
    b = await startTestServer({ federation, moderation: { reviewThreshold: 2, refuseThreshold: 2, strikesToSuspend: 5 } });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('serves a local account as an actor with RSA and Ed25519 keys, by content negotiation', async () => {
    const actor = await a.get('/users/alice', { headers: AP });
    expect(actor.status).toBe(200);
    expect(actor.headers.get('content-type')).toMatch(/application\/activity\+json/);
    expect(actor.body).toMatchObject({ id: `${a.url}/users/alice`, type: 'Person', preferredUsername: 'alice', inbox: `${a.url}/users/alice/inbox` });
    expect(actor.body.endpoints.sharedInbox).toBe(`${a.url}/inbox`);
    expect(actor.body.publicKey.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
    expect(actor.body.assertionMethod.map((k: { publicKeyMultibase: string }) => k.publicKeyMultibase.slice(0, 4))).toContain('z6Mk');
    // The profile page is the actor for an ActivityPub client, the web app for a browser.
    expect((await a.get('/@alice', { headers: AP })).body.id).toBe(`${a.url}/users/alice`);
    expect((await a.get('/@alice', { headers: { accept: 'text/html' } })).headers.get('content-type')).toMatch(/text\/html/);
    const browser = await a.get('/users/alice', { headers: { accept: 'text/html' } });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/@alice');
    const finger = await a.get(`/.well-known/webfinger?resource=acct:alice@${domainOf(a)}`);
    expect(finger.body.links).toContainEqual({ rel: 'self', type: 'application/activity+json', href: `${a.url}/users/alice` });
    expect((await a.get('/nodeinfo/2.1')).body.protocols).toEqual(['activitypub']);
    for (const c of ['outbox', 'followers', 'following']) expect((await a.get(`/users/alice/${c}`, { headers: AP })).body.type).toBe('OrderedCollection');
  });

  it('refuses unsigned and malformed activities at the inboxes', async () => {
    const follow = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      type: 'Follow',
      id: `${b.url}/x`,
      actor: `${b.url}/users/bob`,
      object: `${a.url}/users/alice`,
    };
    const headers = { 'content-type': 'application/activity+json' };
    for (const path of ['/inbox', '/users/alice/inbox']) {
      expect((await a.post(path, { raw: JSON.stringify(follow), headers })).status).toBe(401);
      const garbage = await a.post(path, { raw: '{not json', headers });
      expect(garbage.status).toBeGreaterThanOrEqual(400);
      expect(garbage.status).toBeLessThan(500);
    }
    expect(await a.ctx.db.selectFrom('follows').select('id').execute()).toEqual([]);
  });

  it('serves a public post as a Note on its URL', async () => {
    const post = await a.postStatus(alice, 'a note for the fediverse');
    const note = await a.get(`/@alice/${post.id}`, { headers: AP });
    expect(note.body).toMatchObject({ type: 'Note', id: `${a.url}/users/alice/statuses/${post.id}`, attributedTo: `${a.url}/users/alice` });
    expect(note.body.content).toContain('a note for the fediverse');
    const hidden = await a.postStatus(alice, 'only for my followers', { visibility: 'private' });
    expect((await a.get(`/users/alice/statuses/${hidden.id}`, { headers: AP })).status).toBe(404);
  });

  it('resolves a remote handle through WebFinger and follows it; the remote server accepts', async () => {
    const found = await a.ok<{ accounts: Array<{ id: string; acct: string; url: string }> }>(
      'GET',
      `/api/v2/search?q=${encodeURIComponent(`@bob@${domainOf(b)}`)}&resolve=true&type=accounts`,
      alice,
    );
    expect(found.accounts).toHaveLength(1);
    expect(found.accounts[0]!.acct).toBe(`bob@${domainOf(b)}`);
    expect(found.accounts[0]!.url).toBe(`${b.url}/@bob`);
    bobOnA = found.accounts[0]!.id;
    // Stored now: found by handle without resolving, and never described by A's WebFinger as one of its own.
    expect((await a.get(`/api/v1/accounts/lookup?acct=bob@${domainOf(b)}`)).body.id).toBe(bobOnA);
    expect((await a.get('/api/v1/accounts/lookup?acct=bob')).status).toBe(404);
    expect((await a.get(`/.well-known/webfinger?resource=${encodeURIComponent(`${a.url}/@bob@${domainOf(b)}`)}`)).status).toBe(404);

    const asked = await a.ok<{ requested: boolean; following: boolean }>('POST', `/api/v1/accounts/${bobOnA}/follow`, alice);
    expect(asked.following || asked.requested).toBe(true);
    await eventually(async () => expect((await relationship()).following).toBe(true));
    await eventually(async () => expect((await b.ok<{ followers_count: number }>('GET', `/api/v1/accounts/${bob.id}`, bob)).followers_count).toBe(1));
    const followers = await b.ok<Array<{ acct: string }>>('GET', `/api/v1/accounts/${bob.id}/followers`, bob);
    expect(followers.map((f) => f.acct)).toEqual([`alice@${domainOf(a)}`]);
    // B's followers collection names A's actor.
    const collection = await b.get('/users/bob/followers', { headers: AP });
    expect(collection.body.totalItems).toBe(1);
    const first = await b.get(new URL(collection.body.first).pathname + new URL(collection.body.first).search, { headers: AP });
    expect(first.body.orderedItems).toEqual([`${a.url}/users/alice`]);
  });

  it("delivers the remote account's public post to the local follower's home timeline", async () => {
    const post = await b.postStatus(bob, 'hello from the other server');
    const seen = await eventually(async () => {
      const found = (await home()).find((s) => s.uri === `${b.url}/users/bob/statuses/${post.id}`);
      expect(found).toBeDefined();
      return found!;
    });
    expect(seen.content).toContain('hello from the other server');
    expect(seen.account.acct).toBe(`bob@${domainOf(b)}`);
  });

  it('deletes a remote copy when its author deletes the post', async () => {
    const post = await b.postStatus(bob, 'soon gone');
    const uri = `${b.url}/users/bob/statuses/${post.id}`;
    await eventually(async () => expect((await home()).some((s) => s.uri === uri)).toBe(true));
    await b.ok('DELETE', `/api/v1/statuses/${post.id}`, bob);
    await eventually(async () => expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uri).execute()).toEqual([]));
    expect((await home()).some((s) => s.uri === uri)).toBe(false);
  });

  it('screens incoming posts: a threat from the other server never reaches a local timeline', async () => {
    const threat = await b.postStatus(bob, 'I will find where you live and shoot you');
    expect(threat.id).toBeDefined();
    const bobRow = await a.ctx.db.selectFrom('accounts').select('id').where('id', '=', bobOnA).executeTakeFirstOrThrow();
    await eventually(async () => {
      const refused = await a.ctx.db
        .selectFrom('moderation_screenings')
        .select('outcome')
        .where('account_id', '=', bobRow.id)
        .where('outcome', '!=', 'published')
        .execute();
      expect(refused.length).toBeGreaterThan(0);
    });
    expect((await home()).some((s) => s.content.includes('shoot'))).toBe(false);
    const stored = await a.ctx.db.selectFrom('statuses').select(['text', 'state']).where('account_id', '=', bobOnA).execute();
    expect(stored.filter((s) => s.text.includes('shoot')).every((s) => s.state === 'pending')).toBe(true);
  });

  it('unfollows across servers', async () => {
    const res = await a.ok<{ following: boolean }>('POST', `/api/v1/accounts/${bobOnA}/unfollow`, alice);
    expect(res.following).toBe(false);
    await eventually(async () => expect((await b.ok<{ followers_count: number }>('GET', `/api/v1/accounts/${bob.id}`, bob)).followers_count).toBe(0));
  });

  it('asks a locked local account, and its answer reaches the remote follower', async () => {
    const carol = await a.createUser('carol', { locked: true });
    const found = await b.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(`@carol@${domainOf(a)}`)}&resolve=true`, bob);
    const carolOnB = found.accounts[0]!.id;
    await b.ok('POST', `/api/v1/accounts/${carolOnB}/follow`, bob);
    const requests = await eventually(async () => {
      const list = await a.ok<Array<{ id: string; acct: string }>>('GET', '/api/v1/follow_requests', carol);
      expect(list.map((r) => r.acct)).toEqual([`bob@${domainOf(b)}`]);
      return list;
    });
    const onB = async () => (await b.ok<Array<{ following: boolean; requested: boolean }>>('GET', `/api/v1/accounts/relationships?id[]=${carolOnB}`, bob))[0]!;
    expect(await onB()).toMatchObject({ following: false, requested: true });
    await a.ok('POST', `/api/v1/follow_requests/${requests[0]!.id}/authorize`, carol);
    await eventually(async () => expect(await onB()).toMatchObject({ following: true, requested: false }));
  });
});

describe('federation without ALLOW_PRIVATE_ADDRESS', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({ federation });
    await b.createUser('bob');
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('does not fetch from a loopback address', async () => {
    const alice = await a.createUser('alice');
    const found = await a.ok<{ accounts: unknown[] }>('GET', `/api/v2/search?q=${encodeURIComponent(`@bob@${new URL(b.url).host}`)}&resolve=true`, alice);
    expect(found.accounts).toEqual([]);
  });
});
