import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

describe('relationships', () => {
  let t: TestServer;
  let ann: TestUser;
  let ben: TestUser;
  let cat: TestUser;
  let dan: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    ann = await t.createUser('ann');
    ben = await t.createUser('ben');
    cat = await t.createUser('cat', { locked: true });
    dan = await t.createUser('dan');
  });
  afterAll(() => t?.close());

  const rel = async (who: TestUser, id: string) => (await t.get(`/api/v1/accounts/relationships?id[]=${id}`, { token: who.token })).body[0];
  const account = async (id: string) => (await t.get(`/api/v1/accounts/${id}`)).body;
  const notifications = (id: string) => t.ctx.db.selectFrom('notifications').select(['type', 'from_account_id']).where('account_id', '=', id).execute();

  it('follows: counts, relationship, notification and home feed', async () => {
    const now = new Date().toISOString();
    const statusId = t.ctx.ids.next();
    await t.ctx.db
      .insertInto('statuses')
      .values({ id: statusId, account_id: ben.id, text: 'hi', content: '<p>hi</p>', visibility: 'public', created_at: now })
      .execute();
    const res = await t.post(`/api/v1/accounts/${ben.id}/follow`, { token: ann.token, json: { reblogs: false, notify: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ben.id, following: true, showing_reblogs: false, notifying: true, followed_by: false, requested: false, note: '' });
    expect((await account(ben.id)).followers_count).toBe(1);
    expect((await account(ann.id)).following_count).toBe(1);
    expect(await notifications(ben.id)).toContainEqual({ type: 'follow', from_account_id: ann.id });
    const feed = await t.ctx.db.selectFrom('feed_entries').select('status_id').where('account_id', '=', ann.id).execute();
    expect(feed.map((f) => f.status_id)).toContain(statusId);
    expect((await rel(ben, ann.id)).followed_by).toBe(true);
    // Following again only changes the options and counts nothing twice.
    await t.post(`/api/v1/accounts/${ben.id}/follow`, { token: ann.token, json: { reblogs: true } });
    expect((await rel(ann, ben.id)).showing_reblogs).toBe(true);
    expect((await account(ben.id)).followers_count).toBe(1);
  });

  it('lists followers and following with Link headers', async () => {
    await t.post(`/api/v1/accounts/${ben.id}/follow`, { token: dan.token });
    const followers = await t.get(`/api/v1/accounts/${ben.id}/followers?limit=1`);
    expect(followers.status).toBe(200);
    expect(followers.body.map((a: { id: string }) => a.id)).toEqual([dan.id]);
    expect(followers.headers.get('link')).toMatch(/rel="next"/);
    const maxId = /max_id=(\d+)/.exec(followers.headers.get('link')!)![1];
    const next = await t.get(`/api/v1/accounts/${ben.id}/followers?limit=1&max_id=${maxId}`);
    expect(next.body.map((a: { id: string }) => a.id)).toEqual([ann.id]);
    const following = await t.get(`/api/v1/accounts/${ann.id}/following`);
    expect(following.body.map((a: { id: string }) => a.id)).toEqual([ben.id]);
  });

  it('unfollows: counts and home feed shrink', async () => {
    const res = await t.post(`/api/v1/accounts/${ben.id}/unfollow`, { token: ann.token });
    expect(res.body.following).toBe(false);
    expect((await account(ben.id)).followers_count).toBe(1);
    expect((await account(ann.id)).following_count).toBe(0);
    const feed = await t.ctx.db.selectFrom('feed_entries').select('status_id').where('account_id', '=', ann.id).where('author_id', '=', ben.id).execute();
    expect(feed).toEqual([]);
  });

  it('asks to follow a locked account, which can authorize or reject', async () => {
    const res = await t.post(`/api/v1/accounts/${cat.id}/follow`, { token: ann.token });
    expect(res.body).toMatchObject({ following: false, requested: true });
    expect(await notifications(cat.id)).toContainEqual({ type: 'follow_request', from_account_id: ann.id });
    expect((await account(cat.id)).followers_count).toBe(0);
    const me = await t.get('/api/v1/accounts/verify_credentials', { token: cat.token });
    expect(me.body.source.follow_requests_count).toBe(1);
    const list = await t.get('/api/v1/follow_requests', { token: cat.token });
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([ann.id]);
    const ok = await t.post(`/api/v1/follow_requests/${ann.id}/authorize`, { token: cat.token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: ann.id, followed_by: true, requested_by: false });
    expect((await rel(ann, cat.id)).following).toBe(true);
    expect((await account(cat.id)).followers_count).toBe(1);

    await t.post(`/api/v1/accounts/${cat.id}/follow`, { token: dan.token });
    const no = await t.post(`/api/v1/follow_requests/${dan.id}/reject`, { token: cat.token });
    expect(no.body).toMatchObject({ followed_by: false, requested_by: false });
    expect((await rel(dan, cat.id)).requested).toBe(false);
    expect((await t.post(`/api/v1/follow_requests/${dan.id}/reject`, { token: cat.token })).status).toBe(404);
  });

  it('turns waiting requests into follows when a locked account opens up', async () => {
    const eve = await t.createUser('eve', { locked: true });
    await t.post(`/api/v1/accounts/${eve.id}/follow`, { token: ben.token });
    expect((await rel(ben, eve.id)).requested).toBe(true);
    await t.request('PATCH', '/api/v1/accounts/update_credentials', { token: eve.token, json: { locked: false } });
    expect(await rel(ben, eve.id)).toMatchObject({ following: true, requested: false });
    expect((await account(eve.id)).followers_count).toBe(1);
  });

  it('blocks: follows end both ways, the blocked cannot follow back, lists hide', async () => {
    await t.post(`/api/v1/accounts/${ann.id}/follow`, { token: dan.token });
    await t.post(`/api/v1/accounts/${dan.id}/follow`, { token: ann.token });
    const res = await t.post(`/api/v1/accounts/${ann.id}/block`, { token: dan.token });
    expect(res.body).toMatchObject({ blocking: true, following: false, followed_by: false });
    expect((await rel(ann, dan.id)).blocked_by).toBe(true);
    expect((await t.post(`/api/v1/accounts/${dan.id}/follow`, { token: ann.token })).status).toBe(403);
    expect((await account(dan.id)).following_count).toBe(1); // still follows ben
    expect((await t.get(`/api/v1/accounts/${dan.id}/following`, { token: ann.token })).body).toEqual([]);
    // The blocked person still sees the profile.
    expect((await t.get(`/api/v1/accounts/${dan.id}`, { token: ann.token })).status).toBe(200);
    const blocks = await t.get('/api/v1/blocks', { token: dan.token });
    expect(blocks.body.map((a: { id: string }) => a.id)).toEqual([ann.id]);
    const un = await t.post(`/api/v1/accounts/${ann.id}/unblock`, { token: dan.token });
    expect(un.body.blocking).toBe(false);
  });

  it('mutes with or without notifications, for a while or for good', async () => {
    const res = await t.post(`/api/v1/accounts/${ben.id}/mute`, { token: ann.token, json: { notifications: false, duration: 3600 } });
    expect(res.body).toMatchObject({ muting: true, muting_notifications: false });
    const mutes = await t.get('/api/v1/mutes', { token: ann.token });
    expect(mutes.body[0]).toMatchObject({ id: ben.id, mute_expires_at: expect.any(String) });
    await t.post(`/api/v1/accounts/${ben.id}/mute`, { token: ann.token, form: { notifications: 'true' } });
    expect(await rel(ann, ben.id)).toMatchObject({ muting: true, muting_notifications: true });
    expect((await t.post(`/api/v1/accounts/${ben.id}/unmute`, { token: ann.token })).body.muting).toBe(false);
  });

  it('removes someone from one’s followers', async () => {
    await t.post(`/api/v1/accounts/${ann.id}/follow`, { token: ben.token });
    expect((await rel(ann, ben.id)).followed_by).toBe(true);
    const res = await t.post(`/api/v1/accounts/${ben.id}/remove_from_followers`, { token: ann.token });
    expect(res.body.followed_by).toBe(false);
  });

  it('keeps a private note about an account, seen only by its writer', async () => {
    const res = await t.post(`/api/v1/accounts/${ben.id}/note`, { token: ann.token, json: { comment: 'met at the fair' } });
    expect(res.status).toBe(200);
    expect(res.body.note).toBe('met at the fair');
    expect((await rel(ann, ben.id)).note).toBe('met at the fair');
    expect((await rel(dan, ben.id)).note).toBe('');
    const tooLong = await t.post(`/api/v1/accounts/${ben.id}/note`, { token: ann.token, json: { comment: 'x'.repeat(2001) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error).toMatch(/comment/);
    expect((await t.post(`/api/v1/accounts/${ben.id}/note`, { token: ann.token, form: { comment: '' } })).body.note).toBe('');
  });

  it('finds familiar followers', async () => {
    // ann follows ben (again); ben follows dan: ben is a familiar follower of dan for ann.
    await t.post(`/api/v1/accounts/${ben.id}/follow`, { token: ann.token });
    await t.post(`/api/v1/accounts/${dan.id}/follow`, { token: ben.token });
    const none = await t.get(`/api/v1/accounts/familiar_followers?id[]=${cat.id}`, { token: ann.token });
    expect(none.body).toEqual([{ id: cat.id, accounts: [] }]);
    const res = await t.get(`/api/v1/accounts/familiar_followers?id[]=${dan.id}`, { token: ann.token });
    expect(res.body).toEqual([{ id: dan.id, accounts: [expect.objectContaining({ id: ben.id })] }]);
  });

  it('suggests the most followed accounts one does not follow, block or mute', async () => {
    const newcomer = await t.createUser('newcomer');
    await t.post(`/api/v1/accounts/${dan.id}/mute`, { token: newcomer.token });
    const res = await t.get('/api/v2/suggestions', { token: newcomer.token });
    expect(res.status).toBe(200);
    const ids = res.body.map((s: { account: { id: string } }) => s.account.id);
    expect(res.body[0]).toMatchObject({ source: 'global', sources: expect.any(Array), account: expect.objectContaining({ id: expect.any(String) }) });
    expect(ids).not.toContain(newcomer.id);
    expect(ids).not.toContain(dan.id);
    const counts = res.body.map((s: { account: { followers_count: number } }) => s.account.followers_count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await t.post(`/api/v1/accounts/${ids[0]}/follow`, { token: newcomer.token });
    const after = await t.get('/api/v1/suggestions', { token: newcomer.token });
    expect(after.body.map((a: { id: string }) => a.id)).not.toContain(ids[0]);
    expect((await t.get('/api/v2/suggestions')).status).toBe(401);
  });

  it('enforces scopes: no token is 401, a read-only token cannot follow', async () => {
    expect((await t.post(`/api/v1/accounts/${ben.id}/follow`)).status).toBe(401);
    const readOnly = await issueToken(t.ctx, null, dan.id, 'read');
    const res = await t.post(`/api/v1/accounts/${ben.id}/follow`, { token: readOnly.token });
    expect(res.status).toBe(403);
    expect((await t.get('/api/v1/blocks', { token: readOnly.token })).status).toBe(200);
    const followOnly = await issueToken(t.ctx, null, dan.id, 'follow');
    expect((await t.post(`/api/v1/accounts/${cat.id}/block`, { token: followOnly.token })).status).toBe(200);
  });

  it('refuses following oneself and unknown accounts', async () => {
    expect((await t.post(`/api/v1/accounts/${ann.id}/follow`, { token: ann.token })).status).toBe(403);
    expect((await t.post('/api/v1/accounts/12345/follow', { token: ann.token })).status).toBe(404);
  });
});
