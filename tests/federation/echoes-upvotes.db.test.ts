import { signRequest } from '@fedify/fedify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorKeyPairs } from '../../src/federation/keys.js';
import { followAcross } from '../helpers/federation.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Echoes (Announce) and upvotes (Like), and taking them back (Undo), between two real Tribune servers on loopback:
// bob on B follows alice on A, so A's posts reach B; what bob does to them reaches A.
const federation = { allowPrivateAddress: true };

describe('echoes and upvotes across servers', () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let bobOnA: string;
  type Status = { id: string; uri: string; reblogs_count: number; favourites_count: number };

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    await followAcross(b, bob, a, 'alice');
    bobOnA = (
      await a.ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('username_lower', '=', `bob@${new URL(b.url).host}`)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  /** Alice posts; the copy on B (its id there), once delivered. */
  async function postSeenOnB(text: string): Promise<{ post: Status; copy: Status }> {
    const post = await a.postStatus<Status>(alice, text);
    const copy = await eventually(async () => {
      const home = await b.ok<Status[]>('GET', '/api/v1/timelines/home', bob);
      const found = home.find((s) => s.uri === `${a.url}/users/alice/statuses/${post.id}`);
      expect(found).toBeDefined();
      return found!;
    });
    return { post, copy };
  }
  const onA = (id: string) => a.ok<Status>('GET', `/api/v1/statuses/${id}`, alice);
  const notes = async (type: string, statusId: string) =>
    (await a.ok<Array<{ type: string; account: { id: string }; status?: { id: string } }>>('GET', '/api/v1/notifications', alice)).filter(
      (n) => n.type === type && n.status?.id === statusId && n.account.id === bobOnA,
    );

  it('counts and notifies a remote upvote of a local post, and takes it back on Undo', async () => {
    const { post, copy } = await postSeenOnB('upvote me from afar');
    await b.ok('POST', `/api/v1/statuses/${copy.id}/favourite`, bob);
    await eventually(async () => expect((await onA(post.id)).favourites_count).toBe(1));
    expect(await notes('favourite', post.id)).toHaveLength(1);
    const by = await a.ok<Array<{ id: string }>>('GET', `/api/v1/statuses/${post.id}/favourited_by`, alice);
    expect(by.map((x) => x.id)).toEqual([bobOnA]);

    await b.ok('POST', `/api/v1/statuses/${copy.id}/unfavourite`, bob);
    await eventually(async () => expect((await onA(post.id)).favourites_count).toBe(0));
    expect(await notes('favourite', post.id)).toEqual([]);
    // Upvoting again sends a Like with a new id (a server drops an id it has seen), counted again.
    await b.ok('POST', `/api/v1/statuses/${copy.id}/favourite`, bob);
    await eventually(async () => expect((await onA(post.id)).favourites_count).toBe(1));
  });

  it('counts and notifies a remote echo of a local post, and takes it back on Undo', async () => {
    const { post, copy } = await postSeenOnB('echo me from afar');
    await b.ok('POST', `/api/v1/statuses/${copy.id}/reblog`, bob);
    await eventually(async () => expect((await onA(post.id)).reblogs_count).toBe(1));
    expect(await notes('reblog', post.id)).toHaveLength(1);
    const by = await a.ok<Array<{ id: string }>>('GET', `/api/v1/statuses/${post.id}/reblogged_by`, alice);
    expect(by.map((x) => x.id)).toEqual([bobOnA]);

    await b.ok('POST', `/api/v1/statuses/${copy.id}/unreblog`, bob);
    await eventually(async () => expect((await onA(post.id)).reblogs_count).toBe(0));
    expect(await notes('reblog', post.id)).toEqual([]);
  });

  it("splits the public timeline by origin with Mastodon's local and remote", async () => {
    const { copy } = await postSeenOnB('a post from server A');
    const own = await b.postStatus<Status>(bob, 'a post from server B');
    const ids = async (query: string) => (await b.ok<Status[]>('GET', `/api/v1/timelines/public${query}`, null)).map((s) => s.id);
    const all = await ids('');
    expect(all).toEqual(expect.arrayContaining([copy.id, own.id]));
    const local = await ids('?local=true');
    expect(local).toContain(own.id);
    expect(local).not.toContain(copy.id);
    const remote = await ids('?remote=true');
    expect(remote).toContain(copy.id);
    expect(remote).not.toContain(own.id);
    // Both at once narrow nothing, as in Mastodon.
    expect(await ids('?local=true&remote=true')).toEqual(all);
    expect((await b.get('/api/v1/timelines/public?remote=perhaps')).status).toBe(422);
  });

  it('refuses the upvote of a remote account the author blocks', async () => {
    // Alice blocks bob: his upvote is refused on A by the same checks as a local one.
    const { post, copy } = await postSeenOnB('no upvotes from bob');
    await a.ok('POST', `/api/v1/accounts/${bobOnA}/block`, alice);
    // B learns of the block (Block) and hides alice's post from bob, as Mastodon hides a blocker's posts.
    const aliceOnB = (
      await b.ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('username_lower', '=', `alice@${new URL(a.url).host}`)
        .executeTakeFirstOrThrow()
    ).id;
    await eventually(async () => expect((await b.ok('GET', `/api/v1/accounts/relationships?id[]=${aliceOnB}`, bob))[0].blocked_by).toBe(true));
    expect((await b.post(`/api/v1/statuses/${copy.id}/favourite`, { token: bob.token })).status).toBe(404);
    // A refuses bob's Like all the same, sent straight as a server that ignores Block would (signed with his key).
    const [rsa] = await actorKeyPairs(b.ctx, bob.id);
    const like = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${b.url}/users/bob#likes/straight`,
      type: 'Like',
      actor: `${b.url}/users/bob`,
      object: `${a.url}/users/alice/statuses/${post.id}`,
    });
    const request = new Request(`${a.url}/inbox`, { method: 'POST', headers: { 'content-type': 'application/activity+json' }, body: like });
    expect((await fetch(await signRequest(request, rsa!.privateKey, new URL(`${b.url}/users/bob#main-key`)))).status).toBe(202);
    // A later upvote by carol, on the same server, is taken: only bob's was refused.
    const carol = await b.createUser('carol');
    await b.ok('POST', `/api/v1/statuses/${copy.id}/favourite`, carol);
    await eventually(async () => expect((await onA(post.id)).favourites_count).toBe(1));
    await eventually(async () => expect(await a.ctx.db.selectFrom('federation_queue').select('id').execute()).toEqual([]));
    expect((await onA(post.id)).favourites_count).toBe(1);
    const by = await a.ok<Array<{ acct: string }>>('GET', `/api/v1/statuses/${post.id}/favourited_by`, alice);
    expect(by.map((x) => x.acct)).toEqual([`carol@${new URL(b.url).host}`]);
  });
});
