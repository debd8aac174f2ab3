import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Servers blocked at the border (an admin's domain blocks) and by one person (their own domain blocks), between two
// real Tribune servers on loopback.
const federation = { allowPrivateAddress: true };

describe('domain blocks between two servers', () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let admin: TestUser;
  let bob: TestUser;
  let bobOnA: string;
  let blockId: string;

  const domainB = () => new URL(b.url).host;
  type Post = { id: string; uri: string; content: string };
  const home = () => a.ok<Post[]>('GET', '/api/v1/timelines/home', alice);
  const publicTimeline = () => a.ok<Post[]>('GET', '/api/v1/timelines/public', null);
  const uriOf = (post: { id: string }) => `${b.url}/users/bob/statuses/${post.id}`;
  /** Posts by bob and waits until A has stored it (A takes it in while no block stops it). */
  const delivered = async (text: string) => {
    const post = await b.postStatus(bob, text);
    await eventually(async () => expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uriOf(post)).execute()).toHaveLength(1));
    return post;
  };

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    admin = await a.createUser('admin', { role: 'admin' });
    bob = await b.createUser('bob');
    const found = await a.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(`@bob@${domainB()}`)}&resolve=true`, alice);
    bobOnA = found.accounts[0]!.id;
    await a.ok('POST', `/api/v1/accounts/${bobOnA}/follow`, alice);
    await eventually(async () => expect((await a.ok('GET', `/api/v1/accounts/relationships?id[]=${bobOnA}`, alice))[0].following).toBe(true));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('keeps the admin domain-block API to admins, and refuses bad input naming the field', async () => {
    const moderator = await a.createUser('mod', { role: 'moderator' });
    expect((await a.get('/api/v1/admin/domain_blocks', { token: moderator.token })).status).toBe(403);
    expect((await a.get('/api/v1/admin/domain_blocks', { token: alice.token })).status).toBe(403);
    const readOnly = await a.createUser('reader', { role: 'admin', scopes: 'admin:read:domain_blocks' });
    expect((await a.get('/api/v1/admin/domain_blocks', { token: readOnly.token })).status).toBe(200);
    expect((await a.post('/api/v1/admin/domain_blocks', { token: readOnly.token, json: { domain: 'x.example' } })).status).toBe(403);
    for (const [json, field] of [
      [{}, 'domain'],
      [{ domain: 'not a domain/at all' }, 'domain'],
      [{ domain: 'x.example', severity: 'banish' }, 'severity'],
      [{ domain: 'x.example', reject_media: 'perhaps' }, 'reject_media'],
    ] as const) {
      const res = await a.post('/api/v1/admin/domain_blocks', { token: admin.token, json });
      expect(res.status).toBe(422);
      expect(res.body.error).toContain(field);
    }
    expect((await a.request('PUT', '/api/v1/admin/domain_blocks/123', { token: admin.token, json: { severity: 'noop' } })).status).toBe(404);
    expect((await a.request('DELETE', '/api/v1/admin/domain_blocks/123', { token: admin.token })).status).toBe(404);
  });

  it('creates, reads, changes and lists admin blocks as Mastodon does, and refuses a second block of a domain', async () => {
    const made = await a.ok('POST', '/api/v1/admin/domain_blocks', admin, {
      domain: 'Bad.Example.com',
      severity: 'noop',
      reject_media: true,
      private_comment: 'for staff',
      public_comment: 'spam',
      obfuscate: true,
    });
    expect(made).toMatchObject({
      domain: 'bad.example.com',
      digest: createHash('sha256').update('bad.example.com').digest('hex'),
      severity: 'noop',
      reject_media: true,
      reject_reports: false,
      private_comment: 'for staff',
      public_comment: 'spam',
      obfuscate: true,
    });
    expect((await a.post('/api/v1/admin/domain_blocks', { token: admin.token, json: { domain: 'bad.example.com' } })).status).toBe(422);
    expect(await a.ok('GET', `/api/v1/admin/domain_blocks/${made.id}`, admin)).toEqual(made);
    // A noop block is not one of the public list's limits.
    expect(await a.ok('GET', '/api/v1/instance/domain_blocks', null)).toEqual([]);
    const changed = await a.ok('PUT', `/api/v1/admin/domain_blocks/${made.id}`, admin, { severity: 'suspend', reject_media: false });
    expect(changed).toMatchObject({ id: made.id, domain: 'bad.example.com', severity: 'suspend', reject_media: false, public_comment: 'spam' });
    // Obfuscated as Mastodon's DomainBlock#public_domain: the middle hidden, dots kept.
    expect(await a.ok('GET', '/api/v1/instance/domain_blocks', null)).toEqual([
      { domain: 'bad.*******.com', digest: made.digest, severity: 'suspend', comment: 'spam' },
    ]);
    expect((await a.ok<Array<{ id: string }>>('GET', '/api/v1/admin/domain_blocks', admin)).map((x) => x.id)).toEqual([made.id]);
    expect(await a.ok('DELETE', `/api/v1/admin/domain_blocks/${made.id}`, admin)).toEqual({});
    expect(await a.ok('GET', '/api/v1/admin/domain_blocks', admin)).toEqual([]);
  });

  it("keeps a silenced server's posts off the public timeline, still in its followers' homes", async () => {
    const before = await delivered('before the silence');
    await eventually(async () => expect((await publicTimeline()).map((s) => s.uri)).toContain(uriOf(before)));
    const block = await a.ok('POST', '/api/v1/admin/domain_blocks', admin, { domain: domainB(), severity: 'silence' });
    blockId = block.id;
    const after = await delivered('during the silence');
    await eventually(async () => expect((await home()).map((s) => s.uri)).toContain(uriOf(after)));
    const shown = (await publicTimeline()).map((s) => s.uri);
    expect(shown).not.toContain(uriOf(before));
    expect(shown).not.toContain(uriOf(after));
    expect(await a.ok('GET', '/api/v1/instance/domain_blocks', null)).toEqual([
      { domain: domainB(), digest: createHash('sha256').update(domainB()).digest('hex'), severity: 'silence', comment: '' },
    ]);
    // Lifted: the posts are public again.
    await a.ok('DELETE', `/api/v1/admin/domain_blocks/${blockId}`, admin);
    expect((await publicTimeline()).map((s) => s.uri)).toContain(uriOf(after));
  });

  it('hides a server a person blocks for themselves: its posts from their home, its notifications from their list', async () => {
    const post = await delivered('seen by alice until she blocks my server');
    await eventually(async () => expect((await home()).map((s) => s.uri)).toContain(uriOf(post)));
    // A notification from B: bob follows alice.
    const found = await b.ok<{ accounts: Array<{ id: string }> }>(
      'GET',
      `/api/v2/search?q=${encodeURIComponent(`@alice@${new URL(a.url).host}`)}&resolve=true`,
      bob,
    );
    await b.ok('POST', `/api/v1/accounts/${found.accounts[0]!.id}/follow`, bob);
    const followNotes = async () =>
      (await a.ok<Array<{ type: string; account: { id: string } }>>('GET', '/api/v1/notifications', alice)).filter((n) => n.account.id === bobOnA);
    await eventually(async () => expect(await followNotes()).toHaveLength(1));

    expect((await a.post('/api/v1/domain_blocks', { token: alice.token, json: { domain: 'no good' } })).status).toBe(422);
    expect(await a.ok('POST', '/api/v1/domain_blocks', alice, { domain: domainB().toUpperCase() })).toEqual({});
    expect(await a.ok('GET', '/api/v1/domain_blocks', alice)).toEqual([domainB()]);
    expect((await home()).map((s) => s.uri)).not.toContain(uriOf(post));
    expect(await followNotes()).toEqual([]);
    // Only for her: the public timeline still shows B's posts to others.
    expect((await publicTimeline()).map((s) => s.uri)).toContain(uriOf(post));
    expect((await a.ok<Post[]>('GET', '/api/v1/timelines/public', alice)).map((s) => s.uri)).not.toContain(uriOf(post));

    // As in Mastodon, the block ended her follow of bob and his of her.
    expect((await a.ok('GET', `/api/v1/accounts/relationships?id[]=${bobOnA}`, alice))[0]).toMatchObject({ following: false, followed_by: false });

    const res = await a.request('DELETE', '/api/v1/domain_blocks', { token: alice.token, json: { domain: domainB() } });
    expect(res.status).toBe(200);
    expect(await a.ok('GET', '/api/v1/domain_blocks', alice)).toEqual([]);
    expect(await followNotes()).toHaveLength(1);
    // The follow does not come back with the lifting: following again brings bob's posts home again.
    expect((await home()).map((s) => s.uri)).not.toContain(uriOf(post));
    await a.ok('POST', `/api/v1/accounts/${bobOnA}/follow`, alice);
    await eventually(async () => expect((await a.ok('GET', `/api/v1/accounts/relationships?id[]=${bobOnA}`, alice))[0].following).toBe(true));
    expect((await home()).map((s) => s.uri)).toContain(uriOf(post));
  });

  it("refuses a suspended server's activities at the inbox and hides its accounts' posts", async () => {
    const before = await delivered('before the suspension');
    await eventually(async () => expect((await home()).map((s) => s.uri)).toContain(uriOf(before)));
    const block = await a.ok('POST', '/api/v1/admin/domain_blocks', admin, { domain: domainB(), severity: 'suspend' });
    expect((await home()).map((s) => s.uri)).not.toContain(uriOf(before));
    // Mastodon shows a suspended account as such, its profile emptied.
    expect((await a.get(`/api/v1/accounts/${bobOnA}`)).body.suspended).toBe(true);

    // Refused before any signature is checked: an unsigned activity from elsewhere is a 401, from B a 403.
    const activity = (actor: string) =>
      JSON.stringify({ '@context': 'https://www.w3.org/ns/activitystreams', type: 'Follow', id: `${actor}#f`, actor, object: `${a.url}/users/alice` });
    const headers = { 'content-type': 'application/activity+json' };
    const fromB = await a.post('/inbox', { raw: activity(`${b.url}/users/bob`), headers });
    expect(fromB.status).toBe(403);
    expect(fromB.body.error).toContain(domainB());
    expect((await a.post('/users/alice/inbox', { raw: activity(`${b.url}/users/bob`), headers })).status).toBe(403);
    expect((await a.post('/inbox', { raw: activity('http://elsewhere.example/users/x'), headers })).status).toBe(401);

    // A real, signed delivery from B is refused too: B's queue holds it for a retry, and A never stores the post.
    const during = await b.postStatus(bob, 'during the suspension');
    await eventually(async () => {
      const retries = await b.ctx.db.selectFrom('federation_queue').select('message').execute();
      const retried = retries.map((r) => JSON.parse(r.message)).filter((m) => m.type === 'outbox' && m.attempt >= 1 && String(m.inbox).startsWith(a.url));
      expect(retried.length).toBeGreaterThan(0);
    });
    expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uriOf(during)).execute()).toEqual([]);

    // Lifted: the accounts it suspended are back, with their posts.
    await a.ok('DELETE', `/api/v1/admin/domain_blocks/${block.id}`, admin);
    expect((await a.get(`/api/v1/accounts/${bobOnA}`)).body.suspended).toBeUndefined();
    expect((await home()).map((s) => s.uri)).toContain(uriOf(before));
  });
});
