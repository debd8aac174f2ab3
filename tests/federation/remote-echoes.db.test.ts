import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEDERATION, followAcross } from '../helpers/federation.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// A boost on another server of a post nobody here follows: Alice (on A) follows Bob (on B); Bob echoes Dave's post
// (Dave is on B, and nobody on A follows him). A fetches Dave's post from B, stores it screened, and Bob's echo of it
// reaches Alice's home; Bob taking the echo back takes it out again.
type Status = { id: string; uri: string; reblog: { uri: string; content: string; account: { acct: string } } | null; account: { acct: string } };

describe('echoes of other servers’ posts by a followed remote account', { timeout: 300_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let dave: TestUser;

  beforeAll(async () => {
    a = await startTestServer({ federation: FEDERATION });
    b = await startTestServer({ federation: FEDERATION });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    dave = await b.createUser('dave');
    await followAcross(a, alice, b, 'bob');
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, 120_000);

  const echoInHome = async (uri: string) => (await a.ok<Status[]>('GET', '/api/v1/timelines/home', alice)).find((s) => s.reblog?.uri === uri);

  it('brings the echoed post from its server into the follower’s home as the echo, and removes it when undone', async () => {
    const post = await b.postStatus(dave, 'a post from someone nobody on A follows');
    const uri = `${b.url}/users/dave/statuses/${post.id}`;
    expect((await b.post(`/api/v1/statuses/${post.id}/reblog`, { token: bob.token })).status).toBe(200);
    const echo = await eventually(async () => {
      const found = await echoInHome(uri);
      expect(found).toBeDefined();
      return found!;
    }, 60_000);
    const domainB = new URL(b.url).host;
    expect(echo.account.acct).toBe(`bob@${domainB}`);
    expect(echo.reblog!.account.acct).toBe(`dave@${domainB}`);
    expect(echo.reblog!.content).toContain('a post from someone nobody on A follows');

    expect((await b.post(`/api/v1/statuses/${post.id}/unreblog`, { token: bob.token })).status).toBe(200);
    await eventually(async () => expect(await echoInHome(uri)).toBeUndefined(), 60_000);
  });

  it('does not take in a threatening post through an echo', async () => {
    // B would refuse the threat itself, so it is written into B's database after an ordinary post, as a server that
    // does not screen would serve it: A must stop it at its own border when it fetches the echoed post.
    const b2 = b;
    const post = await b2.postStatus(dave, 'an ordinary post first');
    await b2.ctx.db
      .updateTable('statuses')
      .set({ content: '<p>I will kill you all tomorrow at the school, you deserve to die</p>' })
      .where('id', '=', post.id)
      .execute();
    expect((await b2.post(`/api/v1/statuses/${post.id}/reblog`, { token: bob.token })).status).toBe(200);
    const uri = `${b.url}/users/dave/statuses/${post.id}`;
    // The echo after it arrives (a harmless one) shows the first was handled and refused, not merely late.
    const later = await b.postStatus(dave, 'a harmless post after it');
    expect((await b.post(`/api/v1/statuses/${later.id}/reblog`, { token: bob.token })).status).toBe(200);
    await eventually(async () => expect(await echoInHome(`${b.url}/users/dave/statuses/${later.id}`)).toBeDefined(), 60_000);
    expect(await echoInHome(uri)).toBeUndefined();
    expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uri).where('state', '=', 'published').execute()).toEqual([]);
  });
});
