import { Delete } from '@fedify/fedify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Conversations across servers, between two real Tribune servers on loopback: posts in Mastodon's Note shape,
// mentions and replies from accounts nobody follows, direct posts, edits, profile updates, deleted accounts and
// search by URL. B screens nothing out (its thresholds are out of reach), so A must stop threats at its border.
const federation = { allowPrivateAddress: true };
const AP = { accept: 'application/activity+json' };

type Status = {
  id: string;
  uri: string;
  url: string;
  content: string;
  visibility: string;
  spoiler_text: string;
  sensitive: boolean;
  language: string | null;
  in_reply_to_id: string | null;
  account: { id: string; acct: string };
  mentions: Array<{ id: string; acct: string }>;
  tags: Array<{ name: string }>;
};
type Notification = { type: string; account: { id: string }; status?: { id: string; content: string } };

describe('conversations across servers', { timeout: 90_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const host = (t: TestServer) => new URL(t.url).host;
  const uriOnA = (post: { id: string }) => `${a.url}/users/alice/statuses/${post.id}`;

  /** The copy of a post (by its uri) stored on `t`, once it is there: its id there. */
  async function copyOn(t: TestServer, uri: string): Promise<string> {
    return eventually(async () => {
      const row = await t.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uri).executeTakeFirst();
      expect(row).toBeDefined();
      return row!.id;
    });
  }
  const notifications = (t: TestServer, user: TestUser) => t.ok<Notification[]>('GET', '/api/v1/notifications', user);
  const resolve = async (t: TestServer, user: TestUser, handle: string) =>
    (await t.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(handle)}&resolve=true`, user)).accounts[0]!.id;

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation, moderation: { reviewThreshold: 2, refuseThreshold: 2, strikesToSuspend: 5 } });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    carol = await b.createUser('carol');
    // Two servers (on PGlite, two databases in WebAssembly) take a while to start on a busy machine.
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  let greeting: Status;
  let greetingOnB: string;

  it("sends a post in Mastodon's Note shape to a mentioned account nobody follows, which is notified", async () => {
    greeting = await a.postStatus<Status>(alice, `Hello @bob@${host(b)}, welcome to #Tribune`, { spoiler_text: 'greetings', language: 'en' });
    // The remote account was looked up and linked, as search with resolve does.
    expect(greeting.mentions.map((m) => m.acct)).toEqual([`bob@${host(b)}`]);
    expect(greeting.content).toContain(`href="${b.url}/@bob"`);
    const note = (await a.get(`/users/alice/statuses/${greeting.id}`, { headers: AP })).body;
    expect(note).toMatchObject({
      type: 'Note',
      summary: 'greetings',
      sensitive: true,
      contentMap: { en: greeting.content },
      to: expect.stringMatching(/Public$/),
      cc: [`${a.url}/users/alice/followers`, `${b.url}/users/bob`],
    });
    expect(note.tag).toEqual(
      expect.arrayContaining([
        { type: 'Mention', href: `${b.url}/users/bob`, name: `@bob@${host(b)}` },
        { type: 'Hashtag', href: `${a.url}/tags/tribune`, name: '#Tribune' },
      ]),
    );

    // B took it in although nobody there follows alice: bob is mentioned.
    greetingOnB = await copyOn(b, uriOnA(greeting));
    const copy = await b.ok<Status>('GET', `/api/v1/statuses/${greetingOnB}`, bob);
    expect(copy).toMatchObject({ spoiler_text: 'greetings', sensitive: true, language: 'en', visibility: 'public' });
    expect(copy.mentions.map((m) => m.id)).toEqual([bob.id]);
    expect(copy.tags.map((t) => t.name)).toEqual(['tribune']);
    await eventually(async () => expect((await notifications(b, bob)).filter((n) => n.type === 'mention' && n.status?.id === greetingOnB)).toHaveLength(1));
    // Its hashtag is recorded as a local post's is.
    expect((await b.ok<Status[]>('GET', '/api/v1/timelines/tag/tribune', bob)).map((s) => s.id)).toContain(greetingOnB);
  });

  let replyOnB: Status;
  let replyOnA: string;

  it('shows replies in the threads of both servers, and notifies the author replied to', async () => {
    replyOnB = await b.postStatus<Status>(bob, 'Thanks, glad to be here', { in_reply_to_id: greetingOnB });
    replyOnA = await copyOn(a, `${b.url}/users/bob/statuses/${replyOnB.id}`);
    const context = await a.ok<{ descendants: Status[] }>('GET', `/api/v1/statuses/${greeting.id}/context`, alice);
    expect(context.descendants.map((s) => s.id)).toEqual([replyOnA]);
    expect((await a.ok<Status>('GET', `/api/v1/statuses/${replyOnA}`, alice)).in_reply_to_id).toBe(greeting.id);
    await eventually(async () => expect((await notifications(a, alice)).filter((n) => n.type === 'mention' && n.status?.id === replyOnA)).toHaveLength(1));

    // Alice answers the remote reply: her local reply shows in its thread here, and reaches bob's server.
    const answer = await a.postStatus<Status>(alice, 'You are welcome', { in_reply_to_id: replyOnA });
    const remoteThread = await a.ok<{ ancestors: Status[]; descendants: Status[] }>('GET', `/api/v1/statuses/${replyOnA}/context`, alice);
    expect(remoteThread.ancestors.map((s) => s.id)).toEqual([greeting.id]);
    expect(remoteThread.descendants.map((s) => s.id)).toEqual([answer.id]);
    const answerOnB = await copyOn(b, uriOnA(answer));
    const onB = await b.ok<{ ancestors: Status[] }>('GET', `/api/v1/statuses/${answerOnB}/context`, bob);
    expect(onB.ancestors.map((s) => s.id)).toEqual([greetingOnB, replyOnB.id]);
    const note = (await a.get(`/users/alice/statuses/${answer.id}`, { headers: AP })).body;
    expect(note.inReplyTo).toBe(`${b.url}/users/bob/statuses/${replyOnB.id}`);
  });

  it('holds a threatening reply from another server: no notification, not in the thread', async () => {
    const before = (await notifications(a, alice)).length;
    const bobOnA = (await a.ctx.db.selectFrom('accounts').select('id').where('uri', '=', `${b.url}/users/bob`).executeTakeFirstOrThrow()).id;
    const threat = await b.postStatus<Status>(bob, 'I will find where you live and shoot you', { in_reply_to_id: greetingOnB });
    // Screened at A's border: refused (not stored) or held (pending), never published.
    await eventually(async () => {
      const screened = await a.ctx.db
        .selectFrom('moderation_screenings')
        .select('outcome')
        .where('account_id', '=', bobOnA)
        .where('outcome', '!=', 'published')
        .execute();
      expect(screened.length).toBeGreaterThan(0);
    });
    const stored = await a.ctx.db.selectFrom('statuses').select(['id', 'state']).where('uri', '=', `${b.url}/users/bob/statuses/${threat.id}`).execute();
    expect(stored.every((s) => s.state === 'pending')).toBe(true);
    const held = stored[0]?.id ?? 'none';
    // Give a fan-out (if one had been queued) the time of a delivery that follows.
    const later = await b.postStatus<Status>(bob, `@alice@${host(a)} one more thing`);
    const laterOnA = await copyOn(a, `${b.url}/users/bob/statuses/${later.id}`);
    await eventually(async () => expect((await notifications(a, alice)).some((n) => n.status?.id === laterOnA)).toBe(true));
    const notes = await notifications(a, alice);
    expect(notes.some((n) => n.status?.id === held)).toBe(false);
    expect(notes.length).toBe(before + 1);
    const context = await a.ok<{ descendants: Status[] }>('GET', `/api/v1/statuses/${greeting.id}/context`, alice);
    expect(context.descendants.map((s) => s.id)).not.toContain(held);
  });

  it('delivers a direct post only to whom it mentions, where it lands as a conversation', async () => {
    const secret = await a.postStatus<Status>(alice, `@bob@${host(b)} just between us`, { visibility: 'direct' });
    const note = (await a.get(`/users/alice/statuses/${secret.id}`, { headers: AP })).status;
    expect(note).toBe(404);
    const onB = await copyOn(b, uriOnA(secret));
    expect((await b.ok<Status>('GET', `/api/v1/statuses/${onB}`, bob)).visibility).toBe('direct');
    await eventually(async () => {
      const conversations = await b.ok<Array<{ last_status: { id: string } }>>('GET', '/api/v1/conversations', bob);
      expect(conversations.map((c) => c.last_status.id)).toContain(onB);
    });
    // Carol, on the same server, neither sees it nor has it among her conversations.
    expect((await b.get(`/api/v1/statuses/${onB}`, { token: carol.token })).status).toBe(404);
    expect(await b.ok('GET', '/api/v1/conversations', carol)).toEqual([]);

    // And back: bob's direct answer reaches alice's conversations.
    const back = await b.postStatus<Status>(bob, `@alice@${host(a)} agreed`, { visibility: 'direct', in_reply_to_id: onB });
    const backOnA = await copyOn(a, `${b.url}/users/bob/statuses/${back.id}`);
    await eventually(async () => {
      const conversations = await a.ok<Array<{ last_status: { id: string } }>>('GET', '/api/v1/conversations', alice);
      expect(conversations.map((c) => c.last_status.id)).toContain(backOnA);
    });

    // Deleted, it is deleted where it went (bob follows nobody here: only the record of its recipients names him).
    await a.ok('DELETE', `/api/v1/statuses/${secret.id}`, alice);
    await eventually(async () => expect(await b.ctx.db.selectFrom('statuses').select('id').where('id', '=', onB).execute()).toEqual([]));
  });

  it('delivers a followers-only post to remote followers, addressed to the followers collection', async () => {
    const aliceOnB = await resolve(b, carol, `@alice@${host(a)}`);
    await b.ok('POST', `/api/v1/accounts/${aliceOnB}/follow`, carol);
    await eventually(async () => expect((await b.ok('GET', `/api/v1/accounts/relationships?id[]=${aliceOnB}`, carol))[0].following).toBe(true));
    const inner = await a.postStatus<Status>(alice, 'for my followers only', { visibility: 'private' });
    const onB = await copyOn(b, uriOnA(inner));
    expect((await b.ok<Status>('GET', `/api/v1/statuses/${onB}`, carol)).visibility).toBe('private');
    await eventually(async () => expect((await b.ok<Status[]>('GET', '/api/v1/timelines/home', carol)).map((s) => s.id)).toContain(onB));
    // Bob follows nobody on A: he cannot read it.
    expect((await b.get(`/api/v1/statuses/${onB}`, { token: bob.token })).status).toBe(404);

    // Mentioned, he gets it too (followers-only, to the followers and him), and can read it.
    const named = await a.postStatus<Status>(alice, `@bob@${host(b)} you may read this one`, { visibility: 'private' });
    const namedOnB = await copyOn(b, uriOnA(named));
    expect((await b.ok<Status>('GET', `/api/v1/statuses/${namedOnB}`, bob)).visibility).toBe('private');
    await eventually(async () => expect((await notifications(b, bob)).filter((n) => n.type === 'mention' && n.status?.id === namedOnB)).toHaveLength(1));
  });

  it('sends an edit as Update: the copy changes, keeps its history, and its echoers hear of it', async () => {
    await b.ok('POST', `/api/v1/statuses/${greetingOnB}/reblog`, carol);
    await a.ok('PUT', `/api/v1/statuses/${greeting.id}`, alice, { status: `Hello again @bob@${host(b)}, welcome to #Tribune and #fediverse` });
    await eventually(async () => expect((await b.ok<Status>('GET', `/api/v1/statuses/${greetingOnB}`, bob)).content).toContain('Hello again'));
    const copy = await b.ok<Status & { edited_at: string | null }>('GET', `/api/v1/statuses/${greetingOnB}`, bob);
    expect(copy.edited_at).not.toBeNull();
    expect(copy.tags.map((t) => t.name).sort()).toEqual(['fediverse', 'tribune']);
    const history = await b.ok<Array<{ content: string }>>('GET', `/api/v1/statuses/${greetingOnB}/history`, bob);
    expect(history).toHaveLength(2);
    expect(history[0]!.content).not.toContain('again');
    expect(history[1]!.content).toContain('Hello again');
    await eventually(async () => expect((await notifications(b, carol)).filter((n) => n.type === 'update' && n.status?.id === greetingOnB)).toHaveLength(1));
  });

  it('holds a remote edit that turns threatening', async () => {
    await b.ok('PUT', `/api/v1/statuses/${replyOnB.id}`, bob, { status: 'Thanks. I will find where you live and shoot you' });
    await eventually(async () =>
      expect((await a.ctx.db.selectFrom('statuses').select(['state', 'text']).where('id', '=', replyOnA).executeTakeFirstOrThrow()).state).toBe('pending'),
    );
    const context = await a.ok<{ descendants: Status[] }>('GET', `/api/v1/statuses/${greeting.id}/context`, alice);
    expect(context.descendants.map((s) => s.id)).not.toContain(replyOnA);
    const cases = await a.ctx.db.selectFrom('moderation_cases').select('status_id').where('status_id', '=', replyOnA).execute();
    expect(cases).toHaveLength(1);
  });

  it("sends a profile change as Update(Person): the remote follower's copy of the account changes", async () => {
    const form = new FormData();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 50, b: 50 } } })
      .png()
      .toBuffer();
    form.append('avatar', new Blob([png], { type: 'image/png' }), 'me.png');
    form.append('display_name', 'Alice A.');
    form.append('note', 'Writes from server A');
    form.append('locked', 'true');
    form.append('fields_attributes[0][name]', 'Home');
    form.append('fields_attributes[0][value]', 'server A');
    const res = await a.request('PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, multipart: form });
    expect(res.status).toBe(200);
    const aliceOnB = await resolve(b, carol, `@alice@${host(a)}`);
    const seen = await eventually(async () => {
      const account = await b.ok<{ display_name: string; note: string; locked: boolean; avatar: string; fields: Array<{ name: string; value: string }> }>(
        'GET',
        `/api/v1/accounts/${aliceOnB}`,
        carol,
      );
      expect(account.display_name).toBe('Alice A.');
      return account;
    });
    expect(seen.note).toContain('Writes from server A');
    expect(seen.locked).toBe(true);
    expect(seen.avatar).toBe(res.body.avatar);
    expect(seen.fields.map((f) => [f.name, f.value])).toEqual([['Home', 'server A']]);
  });

  it('resolves a remote post and a remote account by URL for a signed-in reader, screened and stored', async () => {
    const dave = await b.createUser('dave');
    const post = await b.postStatus<Status>(dave, 'nobody on A follows me');
    const uri = `${b.url}/users/dave/statuses/${post.id}`;
    expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', uri).execute()).toEqual([]);
    // Not signed in, or not asked to resolve: nothing is fetched.
    expect((await a.get(`/api/v2/search?q=${encodeURIComponent(post.url)}&resolve=true`)).body.statuses).toEqual([]);
    expect((await a.ok<{ statuses: Status[] }>('GET', `/api/v2/search?q=${encodeURIComponent(post.url)}`, alice)).statuses).toEqual([]);
    const found = await a.ok<{ statuses: Status[] }>('GET', `/api/v2/search?q=${encodeURIComponent(post.url)}&resolve=true`, alice);
    expect(found.statuses.map((s) => [s.uri, s.account.acct])).toEqual([[uri, `dave@${host(b)}`]]);
    // Stored now: found by its id too, without fetching again.
    expect((await a.ok<{ statuses: Status[] }>('GET', `/api/v2/search?q=${encodeURIComponent(uri)}`, alice)).statuses.map((s) => s.id)).toEqual([
      found.statuses[0]!.id,
    ]);
    const account = await a.ok<{ accounts: Array<{ acct: string }> }>(
      'GET',
      `/api/v2/search?q=${encodeURIComponent(`${b.url}/users/carol`)}&resolve=true&type=accounts`,
      alice,
    );
    expect(account.accounts.map((x) => x.acct)).toEqual([`carol@${host(b)}`]);

    // A threatening post is screened as it comes in: held, and not returned.
    const threat = await b.postStatus<Status>(dave, 'I will find where you live and shoot you');
    const none = await a.ok<{ statuses: Status[] }>('GET', `/api/v2/search?q=${encodeURIComponent(threat.url)}&resolve=true`, alice);
    expect(none.statuses).toEqual([]);
    const stored = await a.ctx.db.selectFrom('statuses').select('state').where('uri', '=', `${b.url}/users/dave/statuses/${threat.id}`).execute();
    expect(stored.every((s) => s.state === 'pending')).toBe(true);
  });

  it("removes a remote account's posts and follows when its server says it was deleted", async () => {
    const bobOnA = (await a.ctx.db.selectFrom('accounts').select('id').where('uri', '=', `${b.url}/users/bob`).executeTakeFirstOrThrow()).id;
    await a.ok('POST', `/api/v1/accounts/${bobOnA}/follow`, alice);
    await eventually(async () => expect((await a.ok('GET', `/api/v1/accounts/relationships?id[]=${bobOnA}`, alice))[0].following).toBe(true));
    expect((await a.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', bobOnA).execute()).length).toBeGreaterThan(0);

    // B's federation says bob is gone (Mastodon sends Delete of the actor, signed by it, to every server it knows).
    const ctx = b.ctx.federation.fedify.createContext(new URL(b.url), b.ctx);
    const actor = ctx.getActorUri('bob');
    await ctx.sendActivity(
      { identifier: 'bob' },
      { id: new URL(`${a.url}/users/alice`), inboxId: new URL(`${a.url}/users/alice/inbox`) },
      new Delete({ id: new URL(`${actor.href}#delete`), actor, object: actor }),
    );
    await eventually(async () => expect(await a.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', bobOnA).execute()).toEqual([]));
    await eventually(async () => expect((await a.ok('GET', `/api/v1/accounts/relationships?id[]=${bobOnA}`, alice))[0].following).toBe(false));
    expect((await a.ok<{ following_count: number }>('GET', `/api/v1/accounts/${alice.id}`, alice)).following_count).toBe(0);
    const context = await a.ok<{ descendants: Status[] }>('GET', `/api/v1/statuses/${greeting.id}/context`, alice);
    expect(context.descendants.map((s) => s.account.id)).not.toContain(bobOnA);
  });
});
