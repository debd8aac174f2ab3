import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const ids = (body: Array<{ id: string }>) => body.map((s) => s.id);

describe('threads, echoes, quotes, favourites, pins, edits and deletes', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const post = (u: TestUser, status: string, extra: Record<string, unknown> = {}) => t.postStatus<{ id: string; [k: string]: unknown }>(u, status, extra);
  const notifications = async (u: TestUser) =>
    (await t.ctx.db.selectFrom('notifications').select(['type', 'from_account_id', 'status_id']).where('account_id', '=', u.id).orderBy('id').execute()).map(
      (n) => `${n.type}:${n.from_account_id}:${n.status_id}`,
    );
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
  });
  afterAll(() => t?.close());

  it('threads replies: counts, conversation, context in thread order and by score', async () => {
    const root = await post(alice, 'root');
    const r1 = await post(bob, 'first reply', { in_reply_to_id: root.id });
    const r2 = await post(carol, 'second reply', { in_reply_to_id: root.id });
    const r11 = await post(alice, 'reply to first', { in_reply_to_id: r1.id });
    expect(r1).toMatchObject({ in_reply_to_id: root.id, in_reply_to_account_id: alice.id });
    expect((await t.get(`/api/v1/statuses/${root.id}`)).body.replies_count).toBe(2);
    const ctx = await t.get(`/api/v1/statuses/${r11.id}/context`);
    expect(ids(ctx.body.ancestors)).toEqual([root.id, r1.id]);
    expect(ids(ctx.body.descendants)).toEqual([]);
    const thread = await t.get(`/api/v1/statuses/${root.id}/context`);
    expect(ids(thread.body.ancestors)).toEqual([]);
    expect(ids(thread.body.descendants)).toEqual([r1.id, r11.id, r2.id]);
    const rows = await t.ctx.db.selectFrom('statuses').select(['id', 'conversation_id']).where('id', 'in', [root.id, r1.id, r2.id, r11.id]).execute();
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);

    // Votes on replies (Tribune extension): one per account, counts exposed, score sort.
    const up = await t.post(`/api/v1/statuses/${r2.id}/upvote`, { token: bob.token });
    expect(up.status).toBe(200);
    expect(up.body.tribune).toEqual({ upvotes_count: 1, downvotes_count: 0, score: 1, vote: 1 });
    expect((await t.post(`/api/v1/statuses/${r2.id}/upvote`, { token: bob.token })).body.tribune.upvotes_count).toBe(1);
    await t.post(`/api/v1/statuses/${r1.id}/downvote`, { token: carol.token });
    const byScore = await t.get(`/api/v1/statuses/${root.id}/context?sort=score`);
    expect(ids(byScore.body.descendants)).toEqual([r2.id, r1.id, r11.id]);
    const switched = await t.post(`/api/v1/statuses/${r2.id}/downvote`, { token: bob.token });
    expect(switched.body.tribune).toEqual({ upvotes_count: 0, downvotes_count: 1, score: -1, vote: -1 });
    const withdrawn = await t.post(`/api/v1/statuses/${r2.id}/unvote`, { token: bob.token });
    expect(withdrawn.body.tribune).toEqual({ upvotes_count: 0, downvotes_count: 0, score: 0, vote: 0 });
    const notReply = await t.post(`/api/v1/statuses/${root.id}/upvote`, { token: bob.token });
    expect(notReply.status).toBe(422);

    // The reply notified the replied-to author as a mention.
    expect(await notifications(alice)).toContain(`mention:${bob.id}:${r1.id}`);
  });

  it('echoes a public post, notifies its author, and refuses to echo followers-only posts', async () => {
    const s = await post(alice, 'echo me');
    const echo = await t.post(`/api/v1/statuses/${s.id}/reblog`, { token: carol.token });
    expect(echo.status).toBe(200);
    expect(echo.body.reblog.id).toBe(s.id);
    expect(echo.body.reblog.reblogged).toBe(true);
    expect(echo.body.reblog.reblogs_count).toBe(1);
    expect(echo.body.account.id).toBe(carol.id);
    const again = await t.post(`/api/v1/statuses/${s.id}/reblog`, { token: carol.token });
    expect(again.body.id).toBe(echo.body.id);
    expect(await notifications(alice)).toContain(`reblog:${carol.id}:${s.id}`);
    const by = await t.get(`/api/v1/statuses/${s.id}/reblogged_by`);
    expect(by.body.map((a: { id: string }) => a.id)).toEqual([carol.id]);
    const un = await t.post(`/api/v1/statuses/${s.id}/unreblog`, { token: carol.token });
    expect(await notifications(alice)).not.toContain(`reblog:${carol.id}:${s.id}`);
    expect(un.body).toMatchObject({ id: s.id, reblogged: false, reblogs_count: 0 });
    expect((await t.get(`/api/v1/statuses/${echo.body.id}`)).status).toBe(404);

    const priv = await post(alice, 'private', { visibility: 'private' });
    expect((await t.post(`/api/v1/statuses/${priv.id}/reblog`, { token: bob.token })).status).toBe(403);
  });

  it('quote-echoes a post with the Quote entity and notifies the quoted author', async () => {
    const s = await post(alice, 'quotable');
    const q = await post(carol, 'look at this', { quoted_status_id: s.id });
    expect(q.quote).toMatchObject({ state: 'accepted', quoted_status: { id: s.id, content: '<p>quotable</p>' } });
    expect((await t.get(`/api/v1/statuses/${s.id}`)).body.quotes_count).toBe(1);
    expect(ids((await t.get(`/api/v1/statuses/${s.id}/quotes`)).body)).toEqual([q.id]);
    expect(await notifications(alice)).toContain(`quote:${carol.id}:${q.id}`);
    await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: alice.token, json: { status: 'quotable, edited' } });
    expect(await notifications(carol)).toContain(`quoted_update:${alice.id}:${s.id}`);
    const closed = await post(alice, 'no quotes please', { quote_approval_policy: 'nobody' });
    expect(closed.quote_approval).toEqual({ automatic: [], manual: [], current_user: 'automatic' });
    const refused = await t.post('/api/v1/statuses', { token: carol.token, json: { status: 'x', quoted_status_id: closed.id } });
    expect(refused.status).toBe(403);
    // The quoted author may revoke a quote, and change who may quote from now on.
    const q2 = await post(bob, 'me too', { quoted_status_id: s.id });
    expect((await t.get(`/api/v1/statuses/${s.id}`)).body.quotes_count).toBe(2);
    expect((await t.post(`/api/v1/statuses/${s.id}/quotes/${q2.id}/revoke`, { token: carol.token })).status).toBe(403);
    const revoked = await t.post(`/api/v1/statuses/${s.id}/quotes/${q2.id}/revoke`, { token: alice.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.quote).toEqual({ state: 'revoked', quoted_status: null });
    expect((await t.get(`/api/v1/statuses/${s.id}`)).body.quotes_count).toBe(1);
    expect(ids((await t.get(`/api/v1/statuses/${s.id}/quotes`)).body)).toEqual([q.id]);
    expect((await t.post(`/api/v1/statuses/${s.id}/quotes/${q2.id}/revoke`, { token: alice.token, json: {} })).body.quote.state).toBe('revoked');
    expect((await t.get(`/api/v1/statuses/${s.id}`)).body.quotes_count).toBe(1);
    expect((await t.post(`/api/v1/statuses/${closed.id}/quotes/${q.id}/revoke`, { token: alice.token })).status).toBe(404);
    const reopened = await t.request('PUT', `/api/v1/statuses/${closed.id}/interaction_policy`, {
      token: alice.token,
      json: { quote_approval_policy: 'public' },
    });
    expect(reopened.body.quote_approval.automatic).toEqual(['public']);
    expect((await t.post('/api/v1/statuses', { token: carol.token, json: { status: 'now I may', quoted_status_id: closed.id } })).status).toBe(200);
    expect(
      (await t.request('PUT', `/api/v1/statuses/${closed.id}/interaction_policy`, { token: carol.token, json: { quote_approval_policy: 'nobody' } })).status,
    ).toBe(403);
    expect(
      (await t.request('PUT', `/api/v1/statuses/${closed.id}/interaction_policy`, { token: alice.token, json: { quote_approval_policy: 'all' } })).status,
    ).toBe(422);
    // Once the quoted post is deleted, the quote says so.
    await t.request('DELETE', `/api/v1/statuses/${s.id}`, { token: alice.token });
    expect((await t.get(`/api/v1/statuses/${q.id}`)).body.quote).toEqual({ state: 'deleted', quoted_status: null });
  });

  it('favourites (upvotes) a post once, lists who did, and notifies the author', async () => {
    const s = await post(alice, 'like me');
    const f = await t.post(`/api/v1/statuses/${s.id}/favourite`, { token: bob.token });
    expect(f.body).toMatchObject({ favourited: true, favourites_count: 1 });
    expect((await t.post(`/api/v1/statuses/${s.id}/favourite`, { token: bob.token })).body.favourites_count).toBe(1);
    expect((await t.get(`/api/v1/statuses/${s.id}/favourited_by`)).body.map((a: { id: string }) => a.id)).toEqual([bob.id]);
    expect(await notifications(alice)).toContain(`favourite:${bob.id}:${s.id}`);
    const u = await t.post(`/api/v1/statuses/${s.id}/unfavourite`, { token: bob.token });
    expect(await notifications(alice)).not.toContain(`favourite:${bob.id}:${s.id}`);
    expect(u.body).toMatchObject({ favourited: false, favourites_count: 0 });
    expect((await t.post('/api/v1/statuses/12345/favourite', { token: bob.token })).status).toBe(404);
  });

  it('notifies mentioned accounts', async () => {
    const s = await post(bob, 'hey @carol');
    expect(await notifications(carol)).toContain(`mention:${bob.id}:${s.id}`);
  });

  it('pins at most five own public posts, and only own ones', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 6; i++) mine.push((await post(carol, `pin ${i}`)).id);
    for (let i = 0; i < 5; i++) expect((await t.post(`/api/v1/statuses/${mine[i]}/pin`, { token: carol.token })).status).toBe(200);
    const sixth = await t.post(`/api/v1/statuses/${mine[5]}/pin`, { token: carol.token });
    expect(sixth.status).toBe(422);
    const others = await post(alice, 'not yours');
    expect((await t.post(`/api/v1/statuses/${others.id}/pin`, { token: carol.token })).status).toBe(403);
    const priv = await post(carol, 'private', { visibility: 'private' });
    expect((await t.post(`/api/v1/statuses/${priv.id}/pin`, { token: carol.token })).status).toBe(422);
    expect((await t.post(`/api/v1/statuses/${mine[0]}/unpin`, { token: carol.token })).body.pinned).toBe(false);
  });

  it('edits a post, keeping its history and source, and re-renders it', async () => {
    const s = await post(alice, 'first version');
    const echo = await t.post(`/api/v1/statuses/${s.id}/reblog`, { token: carol.token });
    expect(echo.status).toBe(200);
    const e = await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: alice.token, json: { status: 'second version #edited', spoiler_text: 'cw' } });
    expect(e.status).toBe(200);
    expect(e.body.content).toContain('second version');
    expect(e.body.tags.map((x: { name: string }) => x.name)).toEqual(['edited']);
    expect(e.body.edited_at).toEqual(expect.any(String));
    expect(e.body.sensitive).toBe(true);
    const history = await t.get(`/api/v1/statuses/${s.id}/history`);
    expect(history.body.map((h: { content: string }) => h.content)).toEqual(['<p>first version</p>', expect.stringContaining('second version')]);
    expect(history.body[1].spoiler_text).toBe('cw');
    const source = await t.get(`/api/v1/statuses/${s.id}/source`, { token: alice.token });
    expect(source.body).toEqual({ id: s.id, text: 'second version #edited', spoiler_text: 'cw' });
    expect(await notifications(carol)).toContain(`update:${alice.id}:${s.id}`);
    const never = await post(alice, 'never edited');
    expect((await t.get(`/api/v1/statuses/${never.id}/history`)).body).toHaveLength(1);
  });

  it("refuses to edit or delete someone else's post", async () => {
    const s = await post(alice, 'mine');
    expect((await t.request('PUT', `/api/v1/statuses/${s.id}`, { token: bob.token, json: { status: 'hacked' } })).status).toBe(403);
    expect((await t.request('DELETE', `/api/v1/statuses/${s.id}`, { token: bob.token })).status).toBe(403);
    expect((await t.get(`/api/v1/statuses/${s.id}/source`, { token: bob.token })).status).toBe(403);
    const priv = await post(alice, 'hidden', { visibility: 'private' });
    expect((await t.request('DELETE', `/api/v1/statuses/${priv.id}`, { token: carol.token })).status).toBe(404);
    expect((await t.request('DELETE', '/api/v1/statuses/424242', { token: alice.token })).status).toBe(404);
    expect((await t.get(`/api/v1/statuses/${s.id}`)).body.content).toBe('<p>mine</p>');
  });

  it('deletes for good: gone from reads, timelines, search and the database, with the source returned', async () => {
    const parent = await post(alice, 'parent');
    const s = await post(alice, 'ephemeral zanzibar #vanishing', { in_reply_to_id: parent.id });
    await t.post(`/api/v1/statuses/${s.id}/favourite`, { token: bob.token });
    await t.post(`/api/v1/statuses/${s.id}/bookmark`, { token: bob.token });
    await t.post(`/api/v1/statuses/${s.id}/reblog`, { token: carol.token });
    expect(ids((await t.get('/api/v2/search?q=zanzibar&type=statuses')).body.statuses)).toEqual([s.id]);
    const del = await t.request('DELETE', `/api/v1/statuses/${s.id}`, { token: alice.token });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: s.id, text: 'ephemeral zanzibar #vanishing' });
    expect((await t.get(`/api/v1/statuses/${s.id}`)).status).toBe(404);
    expect(ids((await t.get('/api/v1/timelines/home', { token: bob.token })).body)).not.toContain(s.id);
    expect(ids((await t.get('/api/v1/timelines/public?limit=40')).body)).not.toContain(s.id);
    expect((await t.get('/api/v1/timelines/tag/vanishing')).body).toEqual([]);
    expect((await t.get('/api/v2/search?q=zanzibar&type=statuses')).body.statuses).toEqual([]);
    expect((await t.get('/api/v1/bookmarks', { token: bob.token })).body.map((x: { id: string }) => x.id)).not.toContain(s.id);
    expect((await t.get(`/api/v1/statuses/${parent.id}`)).body.replies_count).toBe(0);
    const db = t.ctx.db;
    expect(
      await db
        .selectFrom('statuses')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', s.id), eb('reblog_of_id', '=', s.id)]))
        .execute(),
    ).toEqual([]);
    for (const table of ['favourites', 'bookmarks', 'status_tags', 'feed_entries', 'notifications'] as const)
      expect(await db.selectFrom(table).select('status_id').where('status_id', '=', s.id).execute()).toEqual([]);
    expect(await db.selectFrom('status_edits').select('id').where('status_id', '=', s.id).execute()).toEqual([]);
  });

  it('mutes and unmutes a conversation', async () => {
    const s = await post(alice, 'noisy thread');
    expect((await t.post(`/api/v1/statuses/${s.id}/mute`, { token: alice.token })).body.muted).toBe(true);
    await post(bob, 'reply to noisy', { in_reply_to_id: s.id });
    expect((await notifications(alice)).filter((n) => n.startsWith(`mention:${bob.id}`)).length).toBe(1);
    expect((await t.post(`/api/v1/statuses/${s.id}/unmute`, { token: alice.token })).body.muted).toBe(false);
  });
});
