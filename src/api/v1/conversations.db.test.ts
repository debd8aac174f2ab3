import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStream } from '../../../tests/e2e/stream-client.js';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { recordDirectStatus } from '../../domain/conversations/conversations.service.js';

// Direct posts are seeded straight into the tables and recorded as the statuses area's hook does after commit.
async function directPost(t: TestServer, author: TestUser, mentions: TestUser[], conversationId?: string) {
  const id = t.ctx.ids.next();
  const row = {
    id,
    account_id: author.id,
    text: 'psst',
    content: '<p>psst</p>',
    visibility: 'direct' as const,
    sensitive: 0,
    limited: 0,
    conversation_id: conversationId ?? id,
    created_at: new Date().toISOString(),
  };
  await t.ctx.db.insertInto('statuses').values(row).execute();
  for (const m of mentions) await t.ctx.db.insertInto('mentions').values({ status_id: id, account_id: m.id }).execute();
  await recordDirectStatus(t.ctx, row);
  return id;
}

describe('conversations API', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
  });
  afterAll(() => t?.close());

  it('lists a direct post for the recipient as unread and for the author as read', async () => {
    const sid = await directPost(t, alice, [bob]);
    const forBob = await t.get('/api/v1/conversations', { token: bob.token });
    expect(forBob.status).toBe(200);
    expect(forBob.body).toHaveLength(1);
    expect(forBob.body[0]).toMatchObject({ unread: true, accounts: [{ id: alice.id }], last_status: { id: sid, visibility: 'direct' } });
    expect(forBob.body[0].id).toMatch(/^\d+$/);
    const forAlice = await t.get('/api/v1/conversations', { token: alice.token });
    expect(forAlice.body[0]).toMatchObject({ unread: false, accounts: [{ id: bob.id }], last_status: { id: sid } });
    expect((await t.get('/api/v1/conversations', { token: carol.token })).body).toEqual([]);
  });

  it('moves a reply to the top of the same conversation and marks it unread again', async () => {
    const u = await t.createUser('threader');
    const first = await directPost(t, alice, [u]);
    const convId = (await t.get('/api/v1/conversations', { token: u.token })).body[0].id;
    expect((await t.post(`/api/v1/conversations/${convId}/read`, { token: u.token })).body).toMatchObject({ id: convId, unread: false });
    const reply = await directPost(t, alice, [u], first);
    const list = (await t.get('/api/v1/conversations', { token: u.token })).body;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: convId, unread: true, last_status: { id: reply } });
  });

  it('pages by the last post with Link headers', async () => {
    const u = await t.createUser('pen_pal');
    const a = await directPost(t, alice, [u]);
    const b = await directPost(t, bob, [u]);
    const page = await t.get('/api/v1/conversations?limit=1', { token: u.token });
    expect(page.body.map((c: { last_status: { id: string } }) => c.last_status.id)).toEqual([b]);
    expect(page.headers.get('link')).toContain(`max_id=${b}`);
    const next = await t.get(`/api/v1/conversations?limit=1&max_id=${b}`, { token: u.token });
    expect(next.body.map((c: { last_status: { id: string } }) => c.last_status.id)).toEqual([a]);
  });

  it('removes a conversation from one person’s list only', async () => {
    const u = await t.createUser('tidy');
    await directPost(t, u, [carol]);
    const mine = (await t.get('/api/v1/conversations', { token: u.token })).body[0].id;
    // Someone else cannot touch it.
    expect((await t.request('DELETE', `/api/v1/conversations/${mine}`, { token: carol.token })).status).toBe(404);
    expect((await t.post(`/api/v1/conversations/${mine}/read`, { token: carol.token })).status).toBe(404);
    const res = await t.request('DELETE', `/api/v1/conversations/${mine}`, { token: u.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
    expect((await t.get('/api/v1/conversations', { token: u.token })).body).toEqual([]);
    expect(
      (await t.get('/api/v1/conversations', { token: carol.token })).body.some((c: { accounts: Array<{ id: string }> }) => c.accounts[0]?.id === u.id),
    ).toBe(true);
    expect((await t.request('DELETE', '/api/v1/conversations/abc', { token: u.token })).status).toBe(404);
  });

  it('gives nothing to a recipient who blocks the author', async () => {
    const u = await t.createUser('shield');
    const pest = await t.createUser('pest');
    await t.ctx.db
      .insertInto('blocks')
      .values({ id: t.ctx.ids.next(), account_id: u.id, target_account_id: pest.id, created_at: new Date().toISOString() })
      .execute();
    await directPost(t, pest, [u]);
    expect((await t.get('/api/v1/conversations', { token: u.token })).body).toEqual([]);
    expect((await t.get('/api/v1/conversations', { token: pest.token })).body).toHaveLength(1);
  });

  it('shows the previous post when the last one is deleted, and drops a conversation with none left', async () => {
    const u = await t.createUser('eraser');
    const first = await directPost(t, alice, [u]);
    const second = await directPost(t, alice, [u], first);
    await t.ctx.db.deleteFrom('statuses').where('id', '=', second).execute();
    expect((await t.get('/api/v1/conversations', { token: u.token })).body[0].last_status.id).toBe(first);
    await t.ctx.db.deleteFrom('statuses').where('id', '=', first).execute();
    expect((await t.get('/api/v1/conversations', { token: u.token })).body).toEqual([]);
  });

  it('still marks read a conversation whose posts are all gone, naming its participants', async () => {
    const u = await t.createUser('late_reader');
    const sid = await directPost(t, carol, [u]);
    const rows = await t.ctx.db.selectFrom('account_conversations').select('id').where('account_id', '=', u.id).execute();
    await t.ctx.db.deleteFrom('statuses').where('id', '=', sid).execute();
    const res = await t.post(`/api/v1/conversations/${rows[0]!.id}/read`, { token: u.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: rows[0]!.id, unread: false, accounts: [{ id: carol.id }], last_status: null });
  });

  it('records two posts of one thread arriving at once without losing either', async () => {
    const u = await t.createUser('busy');
    const first = await directPost(t, alice, [u]);
    const rows = (id: string) => ({
      id,
      account_id: alice.id,
      text: 'x',
      content: 'x',
      visibility: 'direct' as const,
      sensitive: 0,
      limited: 0,
      conversation_id: first,
      created_at: new Date().toISOString(),
    });
    const a = rows(t.ctx.ids.next());
    const b = rows(t.ctx.ids.next());
    for (const r of [a, b]) {
      await t.ctx.db.insertInto('statuses').values(r).execute();
      await t.ctx.db.insertInto('mentions').values({ status_id: r.id, account_id: u.id }).execute();
    }
    await Promise.all([recordDirectStatus(t.ctx, b), recordDirectStatus(t.ctx, a)]);
    const list = (await t.get('/api/v1/conversations', { token: u.token })).body;
    expect(list).toHaveLength(1);
    expect(list[0].last_status.id).toBe(b.id);
  });

  it('ignores posts that are not direct', async () => {
    const u = await t.createUser('public_person');
    const id = t.ctx.ids.next();
    const row = {
      id,
      account_id: u.id,
      text: 'hi',
      content: 'hi',
      visibility: 'public' as const,
      sensitive: 0,
      limited: 0,
      conversation_id: id,
      created_at: new Date().toISOString(),
    };
    await t.ctx.db.insertInto('statuses').values(row).execute();
    await recordDirectStatus(t.ctx, row);
    expect((await t.get('/api/v1/conversations', { token: u.token })).body).toEqual([]);
  });

  it('streams a conversation event on the direct stream of each participant', async () => {
    const u = await t.createUser('listener');
    const s = await TestStream.open(`${t.url.replace(/^http/, 'ws')}/api/v1/streaming?access_token=${u.token}&stream=direct`);
    try {
      const sid = await directPost(t, bob, [u]);
      const m = await s.next((x) => x.event === 'conversation');
      expect(m.stream).toEqual(['direct']);
      expect(JSON.parse(m.payload!)).toMatchObject({ unread: true, accounts: [{ id: bob.id }], last_status: { id: sid } });
    } finally {
      await s.close();
    }
  });

  it('needs read:statuses to list and write:conversations to change', async () => {
    expect((await t.get('/api/v1/conversations')).status).toBe(401);
    const reader = await t.createUser('reader', { scopes: 'read:statuses' });
    expect((await t.get('/api/v1/conversations', { token: reader.token })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/conversations/1', { token: reader.token })).status).toBe(403);
  });
});
