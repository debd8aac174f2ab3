import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { createNotification } from '../../domain/notifications/notify.js';

// Posts are seeded straight into the table so these tests depend only on the notifications area.
async function seedStatus(t: TestServer, accountId: string, opts: { visibility?: 'public' | 'unlisted' | 'private' | 'direct'; mention?: string } = {}) {
  const id = t.ctx.ids.next();
  const now = new Date().toISOString();
  await t.ctx.db
    .insertInto('statuses')
    .values({
      id,
      account_id: accountId,
      text: 'hello',
      content: '<p>hello</p>',
      visibility: opts.visibility ?? 'public',
      sensitive: 0,
      limited: 0,
      created_at: now,
    })
    .execute();
  if (opts.mention) await t.ctx.db.insertInto('mentions').values({ status_id: id, account_id: opts.mention }).execute();
  return id;
}

async function block(t: TestServer, from: string, to: string) {
  await t.ctx.db.insertInto('blocks').values({ id: t.ctx.ids.next(), account_id: from, target_account_id: to, created_at: new Date().toISOString() }).execute();
}

describe('notifications API', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
    dave = await t.createUser('dave');
  });
  afterAll(() => t?.close());

  it('lists a follow notification with the follower as account and a group key', async () => {
    const id = await createNotification(t.ctx, { type: 'follow', accountId: alice.id, fromAccountId: bob.id });
    const res = await t.get('/api/v1/notifications', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    const n = res.body[0];
    expect(n).toMatchObject({ id, type: 'follow', account: { id: bob.id, username: 'bob' } });
    expect(n.group_key).toMatch(/^follow-\d+$/);
    expect(n).not.toHaveProperty('status');
    expect(Date.parse(n.created_at)).not.toBeNaN();
  });

  it('does not notify anyone of their own actions', async () => {
    expect(await createNotification(t.ctx, { type: 'follow', accountId: alice.id, fromAccountId: alice.id })).toBeNull();
  });

  it('serializes the post of a mention for the recipient', async () => {
    const sid = await seedStatus(t, carol.id, { mention: dave.id });
    await createNotification(t.ctx, { type: 'mention', accountId: dave.id, fromAccountId: carol.id, statusId: sid });
    const res = await t.get('/api/v1/notifications', { token: dave.token });
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ type: 'mention', group_key: expect.stringMatching(/^ungrouped-/), status: { id: sid, account: { id: carol.id } } });
  });

  it('leaves out a notification whose post the recipient can no longer see', async () => {
    const sid = await seedStatus(t, carol.id, { visibility: 'private' });
    const nid = await createNotification(t.ctx, { type: 'favourite', accountId: dave.id, fromAccountId: carol.id, statusId: sid });
    const res = await t.get('/api/v1/notifications', { token: dave.token });
    expect(res.body.map((n: { id: string }) => n.id)).not.toContain(nid);
    expect((await t.get(`/api/v1/notifications/${nid}`, { token: dave.token })).status).toBe(404);
  });

  it('filters by types[], exclude_types[] and account_id', async () => {
    const u = await t.createUser('filterer');
    const sid = await seedStatus(t, u.id);
    await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: bob.id });
    await createNotification(t.ctx, { type: 'favourite', accountId: u.id, fromAccountId: carol.id, statusId: sid });
    await createNotification(t.ctx, { type: 'reblog', accountId: u.id, fromAccountId: bob.id, statusId: sid });
    const types = (r: { body: Array<{ type: string }> }) => r.body.map((n) => n.type).sort();
    expect(types(await t.get('/api/v1/notifications?types[]=follow&types[]=reblog', { token: u.token }))).toEqual(['follow', 'reblog']);
    expect(types(await t.get('/api/v1/notifications?exclude_types[]=follow', { token: u.token }))).toEqual(['favourite', 'reblog']);
    expect(types(await t.get(`/api/v1/notifications?account_id=${carol.id}`, { token: u.token }))).toEqual(['favourite']);
    // Types this server never produces are accepted and simply match nothing.
    const unknown = await t.get('/api/v1/notifications?types[]=severed_relationships', { token: u.token });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual([]);
  });

  it('pages with limit, max_id and min_id and sets Link headers', async () => {
    const u = await t.createUser('pager');
    const ids: string[] = [];
    for (const from of [alice, bob, carol, dave]) ids.push((await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: from.id }))!);
    const first = await t.get('/api/v1/notifications?limit=2', { token: u.token });
    expect(first.body.map((n: { id: string }) => n.id)).toEqual([ids[3], ids[2]]);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`max_id=${ids[2]}`);
    expect(link).toContain('rel="next"');
    expect(link).toContain(`min_id=${ids[3]}`);
    const next = await t.get(`/api/v1/notifications?limit=2&max_id=${ids[2]}`, { token: u.token });
    expect(next.body.map((n: { id: string }) => n.id)).toEqual([ids[1], ids[0]]);
    const newer = await t.get(`/api/v1/notifications?limit=1&min_id=${ids[0]}`, { token: u.token });
    expect(newer.body.map((n: { id: string }) => n.id)).toEqual([ids[1]]);
  });

  it('refuses a malformed limit or max_id with 422 naming the field', async () => {
    const bad = await t.get('/api/v1/notifications?limit=lots', { token: alice.token });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('limit');
    const badId = await t.get('/api/v1/notifications?max_id=abc', { token: alice.token });
    expect(badId.status).toBe(422);
    expect(badId.body.error).toContain('max_id');
  });

  it('never shows one person another person’s notification', async () => {
    const nid = await createNotification(t.ctx, { type: 'follow', accountId: carol.id, fromAccountId: dave.id });
    expect((await t.get(`/api/v1/notifications/${nid}`, { token: alice.token })).status).toBe(404);
    expect((await t.post(`/api/v1/notifications/${nid}/dismiss`, { token: alice.token })).status).toBe(404);
    const own = await t.get(`/api/v1/notifications/${nid}`, { token: carol.token });
    expect(own.status).toBe(200);
    expect(own.body.id).toBe(nid);
  });

  it('answers 404 for a malformed notification id', async () => {
    expect((await t.get('/api/v1/notifications/not-an-id', { token: alice.token })).status).toBe(404);
  });

  it('dismisses one notification and clears them all', async () => {
    const u = await t.createUser('dismisser');
    const a = await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: alice.id });
    const b = await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: bob.id });
    const dismissed = await t.post(`/api/v1/notifications/${a}/dismiss`, { token: u.token });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toEqual({});
    expect((await t.get('/api/v1/notifications', { token: u.token })).body.map((n: { id: string }) => n.id)).toEqual([b]);
    expect((await t.post('/api/v1/notifications/clear', { token: u.token })).status).toBe(200);
    expect((await t.get('/api/v1/notifications', { token: u.token })).body).toEqual([]);
  });

  it('hides at read time the notifications of an account blocked afterwards, or muted with notifications hidden', async () => {
    const u = await t.createUser('blocker');
    const x = await t.createUser('pest');
    const y = await t.createUser('bore');
    await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: x.id });
    await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: y.id });
    expect((await t.get('/api/v1/notifications', { token: u.token })).body).toHaveLength(2);
    await block(t, u.id, x.id);
    await t.ctx.db
      .insertInto('mutes')
      .values({ id: t.ctx.ids.next(), account_id: u.id, target_account_id: y.id, hide_notifications: 1, created_at: new Date().toISOString() })
      .execute();
    expect((await t.get('/api/v1/notifications', { token: u.token })).body).toEqual([]);
    // And no new ones are recorded.
    expect(await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: x.id })).toBeNull();
  });

  it('notifies again once a timed mute has ended, and not while it lasts', async () => {
    const u = await t.createUser('timedmuter');
    const x = await t.createUser('timedpest');
    expect((await t.post(`/api/v1/accounts/${x.id}/mute`, { token: u.token, json: { duration: 3600 } })).status).toBe(200);
    expect(await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: x.id })).toBeNull();
    // The hour has passed.
    await t.ctx.db
      .updateTable('mutes')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('account_id', '=', u.id)
      .where('target_account_id', '=', x.id)
      .execute();
    const nid = await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: x.id });
    expect(nid).not.toBeNull();
    expect((await t.get('/api/v1/notifications', { token: u.token })).body.map((n: { id: string }) => n.id)).toEqual([nid]);
  });

  it('counts unread notifications after the notifications marker', async () => {
    const u = await t.createUser('counter');
    const first = await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: alice.id });
    await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: bob.id });
    expect((await t.get('/api/v1/notifications/unread_count', { token: u.token })).body).toEqual({ count: 2 });
    await t.ctx.db
      .insertInto('markers')
      .values({ account_id: u.id, timeline: 'notifications', last_read_id: first!, updated_at: new Date().toISOString() })
      .execute();
    expect((await t.get('/api/v1/notifications/unread_count', { token: u.token })).body).toEqual({ count: 1 });
    expect((await t.get('/api/v1/notifications/unread_count?limit=0', { token: u.token })).status).toBe(422);
  });

  it('needs a user token with read:notifications', async () => {
    expect((await t.get('/api/v1/notifications')).status).toBe(401);
    const narrow = await t.createUser('narrow', { scopes: 'read:statuses' });
    expect((await t.get('/api/v1/notifications', { token: narrow.token })).status).toBe(403);
    const granular = await t.createUser('granular', { scopes: 'read:notifications' });
    expect((await t.get('/api/v1/notifications', { token: granular.token })).status).toBe(200);
    expect((await t.post('/api/v1/notifications/clear', { token: granular.token })).status).toBe(403);
  });

  it('shows a moderation warning with the action taken, naming the warned account rather than the moderator', async () => {
    const u = await t.createUser('warned');
    const mod = await t.createUser('mod', { role: 'moderator' });
    const sid = await seedStatus(t, u.id);
    const actionId = t.ctx.ids.next();
    await t.ctx.db
      .insertInto('moderation_actions')
      .values({
        id: actionId,
        target_account_id: u.id,
        status_id: sid,
        moderator_id: mod.id,
        kind: 'remove',
        reason: 'Spam',
        strike: 1,
        created_at: new Date().toISOString(),
      })
      .execute();
    // Blocking the moderator hides neither a new warning nor an earlier one.
    await block(t, u.id, mod.id);
    const id = await createNotification(t.ctx, { type: 'moderation_warning', accountId: u.id, fromAccountId: mod.id, statusId: sid });
    expect(id).not.toBeNull();
    const res = await t.get('/api/v1/notifications', { token: u.token });
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({
      id,
      type: 'moderation_warning',
      account: { id: u.id },
      moderation_warning: { id: actionId, action: 'delete_statuses', text: 'Spam', status_ids: [sid], target_account: { id: u.id }, appeal: null },
    });
    expect(JSON.stringify(res.body[0])).not.toContain(mod.id);
  });

  it('stores the 4.3 notification policy per account, in the v2 and v1 shapes, with no pending requests', async () => {
    const bob = await t.createUser('policybob');
    const v2 = await t.get('/api/v2/notifications/policy', { token: bob.token });
    expect(v2.status).toBe(200);
    expect(v2.body).toEqual({
      for_not_following: 'accept',
      for_not_followers: 'accept',
      for_new_accounts: 'accept',
      for_private_mentions: 'filter',
      for_limited_accounts: 'filter',
      summary: { pending_requests_count: 0, pending_notifications_count: 0 },
    });
    const changed = await t.request('PATCH', '/api/v2/notifications/policy', {
      token: bob.token,
      json: { for_not_following: 'filter', for_new_accounts: 'drop' },
    });
    expect(changed.body).toMatchObject({ for_not_following: 'filter', for_new_accounts: 'drop', for_private_mentions: 'filter' });
    // Form-encoded, as some clients send it; the fields not sent keep their value.
    const form = await t.request('PATCH', '/api/v2/notifications/policy', { token: bob.token, form: { for_private_mentions: 'drop' } });
    expect(form.body).toMatchObject({ for_not_following: 'filter', for_new_accounts: 'drop', for_private_mentions: 'drop' });
    expect((await t.get('/api/v2/notifications/policy', { token: bob.token })).body).toMatchObject({
      for_not_following: 'filter',
      for_private_mentions: 'drop',
    });
    expect((await t.get('/api/v1/notifications/policy', { token: bob.token })).body).toEqual({
      filter_not_following: true,
      filter_not_followers: false,
      filter_new_accounts: true,
      filter_private_mentions: true,
      summary: { pending_requests_count: 0, pending_notifications_count: 0 },
    });
    const v1 = await t.request('PUT', '/api/v1/notifications/policy', {
      token: bob.token,
      json: { filter_not_following: false, filter_not_followers: 'true' },
    });
    expect(v1.body).toMatchObject({ filter_not_following: false, filter_not_followers: true });
    expect((await t.get('/api/v2/notifications/policy', { token: bob.token })).body).toMatchObject({
      for_not_following: 'accept',
      for_not_followers: 'filter',
    });
    // Another account's policy is its own; a bad value names the field.
    expect((await t.get('/api/v2/notifications/policy', { token: alice.token })).body.for_not_following).toBe('accept');
    const bad = await t.request('PATCH', '/api/v2/notifications/policy', { token: bob.token, json: { for_not_following: 'ignore' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('for_not_following');
    expect((await t.get('/api/v1/notifications/requests', { token: alice.token })).body).toEqual([]);
    expect((await t.get('/api/v1/notifications/requests/merged', { token: alice.token })).body).toEqual({ merged: true });
    expect((await t.get('/api/v2/notifications/policy')).status).toBe(401);
  });

  describe('grouped (v2)', () => {
    // Follows group by the hour they arrived in: made a moment apart they could straddle the hour (and did, on a
    // slow run), so the test puts them all at one instant.
    const inOneInstant = (accountId: string) =>
      t.ctx.db.updateTable('notifications').set({ created_at: new Date().toISOString() }).where('account_id', '=', accountId).execute();

    it('counts limit in groups, so a group is whole on its page', async () => {
      const u = await t.createUser('celebrity');
      const fans = await Promise.all(['fan_a', 'fan_b', 'fan_c', 'fan_d'].map((n) => t.createUser(n)));
      const sid = await seedStatus(t, alice.id, { mention: u.id });
      for (const f of fans.slice(0, 3)) await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: f.id });
      const mention = await createNotification(t.ctx, { type: 'mention', accountId: u.id, fromAccountId: alice.id, statusId: sid });
      const last = await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: fans[3]!.id });
      await inOneInstant(u.id);
      const one = await t.get('/api/v2/notifications?limit=1', { token: u.token });
      expect(one.body.notification_groups).toHaveLength(1);
      expect(one.body.notification_groups[0]).toMatchObject({ type: 'follow', notifications_count: 1, most_recent_notification_id: last });
      const two = await t.get('/api/v2/notifications?limit=2', { token: u.token });
      const groups = two.body.notification_groups;
      expect(groups.map((g: { type: string }) => g.type)).toEqual(['follow', 'mention']);
      expect(groups[0]).toMatchObject({ notifications_count: 4, most_recent_notification_id: last });
      expect(groups[0].sample_account_ids).toEqual([fans[3]!.id, fans[2]!.id, fans[1]!.id, fans[0]!.id]);
      expect(groups[1]).toMatchObject({ group_key: `ungrouped-${mention}` });
      // The next page starts below the oldest notification read.
      expect(two.headers.get('link')).toContain(`max_id=${groups[0].page_min_id}`);
      const after = await t.get(`/api/v2/notifications?limit=2&max_id=${groups[0].page_min_id}`, { token: u.token });
      expect(after.body.notification_groups).toEqual([]);
    });

    it('groups follows of the same hour and keeps a mention on its own', async () => {
      const u = await t.createUser('popular');
      const sid = await seedStatus(t, alice.id, { mention: u.id });
      await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: alice.id });
      await createNotification(t.ctx, { type: 'follow', accountId: u.id, fromAccountId: bob.id });
      const mention = await createNotification(t.ctx, { type: 'mention', accountId: u.id, fromAccountId: alice.id, statusId: sid });
      await inOneInstant(u.id);
      const res = await t.get('/api/v2/notifications', { token: u.token });
      expect(res.status).toBe(200);
      const groups = res.body.notification_groups;
      expect(groups).toHaveLength(2);
      expect(groups[0]).toMatchObject({ group_key: `ungrouped-${mention}`, type: 'mention', notifications_count: 1, status_id: sid });
      expect(groups[1]).toMatchObject({ type: 'follow', notifications_count: 2 });
      expect(groups[1].sample_account_ids.sort()).toEqual([alice.id, bob.id].sort());
      expect(res.body.accounts.map((a: { id: string }) => a.id).sort()).toEqual([alice.id, bob.id].sort());
      expect(res.body.statuses.map((s: { id: string }) => s.id)).toEqual([sid]);

      const key = groups[1].group_key;
      const one = await t.get(`/api/v2/notifications/${key}`, { token: u.token });
      expect(one.body.notification_groups[0]).toMatchObject({ group_key: key, notifications_count: 2 });
      const accounts = await t.get(`/api/v2/notifications/${key}/accounts`, { token: u.token });
      expect(accounts.body.map((a: { id: string }) => a.id).sort()).toEqual([alice.id, bob.id].sort());
      expect((await t.get('/api/v2/notifications/unread_count', { token: u.token })).body).toEqual({ count: 2 });
      expect((await t.post(`/api/v2/notifications/${key}/dismiss`, { token: u.token })).status).toBe(200);
      expect((await t.get('/api/v2/notifications', { token: u.token })).body.notification_groups).toHaveLength(1);
      // Group keys are per recipient: someone with no follows that hour has no such group.
      const lonely = await t.createUser('lonely');
      expect((await t.get(`/api/v2/notifications/${key}`, { token: lonely.token })).status).toBe(404);
    });
  });
});
