import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Moving in from Mastodon: a following CSV names accounts of other servers. Each is looked up on its server
// (WebFinger, then the actor) and followed there, as if found by search and followed by hand.
const federation = { allowPrivateAddress: true };

describe('importing follows of accounts on another server', () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('follows the remote account through its server and reports the one that does not exist', { timeout: 120_000 }, async () => {
    const domainB = new URL(b.url).host;
    const form = new FormData();
    form.set('type', 'following');
    form.set('data', new Blob([`Account address,Show boosts\nbob@${domainB},true\nnobody@${domainB},true\n`], { type: 'text/csv' }), 'following.csv');
    const res = await a.request('POST', '/api/v1/tribune/imports', { token: alice.token, multipart: form });
    expect(res.status).toBe(200);
    const done = await eventually(async () => {
      const r = await a.get(`/api/v1/tribune/imports/${res.body.id}`, { token: alice.token });
      expect(r.body.state).toBe('finished');
      return r.body;
    });
    expect(done).toMatchObject({ imported: 1, failed: 1 });
    expect(done.failures).toEqual([{ line: 3, value: `nobody@${domainB}`, reason: 'not found on its server (or that server is blocked or unreachable)' }]);
    // B accepted: Alice follows Bob, and B counts her among his followers.
    const bobOnA = (await a.get(`/api/v1/accounts/lookup?acct=bob@${domainB}`)).body.id as string;
    await eventually(async () => {
      const [rel] = (await a.get(`/api/v1/accounts/relationships?id[]=${bobOnA}`, { token: alice.token })).body;
      expect(rel.following).toBe(true);
    });
    await eventually(async () => expect((await b.ok<{ followers_count: number }>('GET', `/api/v1/accounts/${bob.id}`, bob)).followers_count).toBe(1));
  });
});
