import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Quotes between two real Tribune servers on loopback: alice (A) and bob (B) follow each other; bob quotes alice's
// post on B, and A shows bob's post quoting alice's own one, counted and notified.
const federation = { allowPrivateAddress: true };
const AP = { accept: 'application/activity+json' };
type Status = {
  id: string;
  uri: string;
  quotes_count: number;
  quote: { state: string; quoted_status: { id: string } | null } | null;
};

describe('quotes across servers', { timeout: 300_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;

  const follow = async (t: TestServer, user: TestUser, handle: string) => {
    const found = await t.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(`@${handle}`)}&resolve=true`, user);
    const id = found.accounts[0]!.id;
    await t.ok('POST', `/api/v1/accounts/${id}/follow`, user);
    await eventually(async () => expect((await t.ok('GET', `/api/v1/accounts/relationships?id[]=${id}`, user))[0].following).toBe(true));
  };
  const seenOn = (t: TestServer, user: TestUser, uri: string) =>
    eventually(async () => {
      const found = (await t.ok<Status[]>('GET', '/api/v1/timelines/home', user)).find((s) => s.uri === uri);
      expect(found).toBeDefined();
      return found!;
    });

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    await follow(b, bob, `alice@${new URL(a.url).host}`);
    await follow(a, alice, `bob@${new URL(b.url).host}`);
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, 120_000);

  it("sends the quoted post's URI with a quote, and takes in a quote of a local post", async () => {
    const post = await a.postStatus<Status>(alice, 'quote me if you dare');
    const uri = `${a.url}/users/alice/statuses/${post.id}`;
    const copy = await seenOn(b, bob, uri);
    const quoting = await b.postStatus<Status>(bob, 'I dare', { quoted_status_id: copy.id });
    expect(quoting.quote?.state).toBe('accepted');
    // B's Note names A's post (quoteUrl, with Misskey's and Fedibird's names for it).
    const note = await b.get(`/users/bob/statuses/${quoting.id}`, { headers: AP });
    expect(note.body.quoteUrl).toBe(uri);
    expect(note.body._misskey_quote).toBe(uri);

    const onA = await seenOn(a, alice, `${b.url}/users/bob/statuses/${quoting.id}`);
    expect(onA.quote).toMatchObject({ state: 'accepted', quoted_status: { id: post.id } });
    expect((await a.ok<Status>('GET', `/api/v1/statuses/${post.id}`, alice)).quotes_count).toBe(1);
    const notes = await a.ok<Array<{ type: string; status?: { id: string } }>>('GET', '/api/v1/notifications', alice);
    expect(notes.filter((n) => n.type === 'quote').map((n) => n.status?.id)).toEqual([onA.id]);
  });

  it('stores a quote of a post whose author allows no quotes without the quote', async () => {
    const post = await a.postStatus<Status>(alice, 'not for quoting', { quote_approval_policy: 'nobody' });
    const copy = await seenOn(b, bob, `${a.url}/users/alice/statuses/${post.id}`);
    // B does not know A's policy (it does not federate yet), so bob's quote is made and sent; A refuses to attach it.
    const quoting = await b.postStatus<Status>(bob, 'quoting anyway', { quoted_status_id: copy.id });
    const onA = await seenOn(a, alice, `${b.url}/users/bob/statuses/${quoting.id}`);
    expect(onA.quote).toBeNull();
    expect((await a.ok<Status>('GET', `/api/v1/statuses/${post.id}`, alice)).quotes_count).toBe(0);
  });
});
