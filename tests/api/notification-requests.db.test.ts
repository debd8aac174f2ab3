import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Mastodon 4.3's notification policy applied: filtered notifications wait under a request per sender, dropped
// ones are never created, and accepting or dismissing a request decides what happens to them.
describe('notification policy and requests', () => {
  let t: TestServer;
  let ann: TestUser;
  let ben: TestUser;
  let cy: TestUser;
  let dee: TestUser;
  let mod: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    ann = await t.createUser('ann');
    ben = await t.createUser('ben');
    cy = await t.createUser('cy');
    dee = await t.createUser('dee');
    mod = await t.createUser('mod', { role: 'moderator' });
  });
  afterAll(() => t?.close());

  const notifications = async (who: TestUser) =>
    (await t.ok<Array<{ type: string; account: { id: string } }>>('GET', '/api/v1/notifications', who)).map((n) => `${n.type}:${n.account.id}`);
  const requests = (who: TestUser) =>
    t.ok<Array<{ id: string; account: { id: string }; notifications_count: string; last_status?: { id: string } }>>(
      'GET',
      '/api/v1/notifications/requests',
      who,
    );

  it('accepts follows and public mentions from strangers by default', async () => {
    await t.ok('POST', `/api/v1/accounts/${ann.id}/follow`, ben);
    expect(await notifications(ann)).toEqual([`follow:${ben.id}`]);
    expect(await requests(ann)).toEqual([]);
  });

  // https://docs.joinmastodon.org/methods/notifications/#get-policy: Mastodon 4.3+ filters these two by default.
  it("by default, as Mastodon, files a stranger's private mention and a limited account's notifications under requests", async () => {
    const gil = await t.createUser('gil');
    const hal = await t.createUser('hal');
    const ivy = await t.createUser('ivy');
    expect(await t.ok('GET', '/api/v2/notifications/policy', gil)).toMatchObject({
      for_not_following: 'accept',
      for_not_followers: 'accept',
      for_new_accounts: 'accept',
      for_private_mentions: 'filter',
      for_limited_accounts: 'filter',
    });
    expect(await t.ok('GET', '/api/v1/notifications/policy', gil)).toMatchObject({ filter_private_mentions: true, filter_not_following: false });
    await t.postStatus(hal, `private hello @gil`, { visibility: 'direct' });
    await t.postStatus(hal, `public hello @gil`);
    expect(await notifications(gil)).toEqual([`mention:${hal.id}`]);
    expect(await requests(gil)).toMatchObject([{ account: { id: hal.id }, notifications_count: '1' }]);
    // A private reply to gil's own post, and a private mention from someone gil follows, arrive.
    const mine = await t.postStatus(gil, 'a question for anyone');
    await t.postStatus(ivy, `@gil an answer`, { visibility: 'direct', in_reply_to_id: mine.id });
    await t.ok('POST', `/api/v1/accounts/${hal.id}/follow`, gil);
    await t.postStatus(hal, `private again @gil`, { visibility: 'direct' });
    expect((await notifications(gil)).filter((n) => n.startsWith('mention:')).sort()).toEqual(
      [`mention:${hal.id}`, `mention:${hal.id}`, `mention:${ivy.id}`].sort(),
    );
    // An account a moderator limited reaches gil only through a request.
    await t.ctx.db.updateTable('accounts').set({ limited_at: new Date().toISOString() }).where('id', '=', ivy.id).execute();
    await t.ok('POST', `/api/v1/accounts/${gil.id}/follow`, ivy);
    expect(await notifications(gil)).not.toContain(`follow:${ivy.id}`);
    expect((await requests(gil)).map((r) => r.account.id)).toContain(ivy.id);
  });

  it('files notifications from people one does not follow under a request, out of the list and the unread count', async () => {
    const policy = await t.ok('PATCH', '/api/v2/notifications/policy', ann, { for_not_following: 'filter' });
    expect(policy).toMatchObject({ for_not_following: 'filter', summary: { pending_requests_count: 0, pending_notifications_count: 0 } });
    const post = await t.postStatus(cy, `hello @ann`);
    await t.ok('POST', `/api/v1/accounts/${ann.id}/follow`, cy);
    expect(await notifications(ann)).toEqual([`follow:${ben.id}`]);
    expect((await t.ok('GET', '/api/v1/notifications/unread_count', ann)).count).toBe(1);

    const [req, ...rest] = await requests(ann);
    expect(rest).toEqual([]);
    expect(req).toMatchObject({ account: { id: cy.id }, notifications_count: '2', last_status: { id: post.id } });
    expect(await t.ok('GET', `/api/v1/notifications/requests/${req!.id}`, ann)).toMatchObject({ id: req!.id });
    // The request's notifications, as clients list them: by sender.
    const fromCy = await t.ok<Array<{ type: string }>>('GET', `/api/v1/notifications?account_id=${cy.id}`, ann);
    expect(fromCy.map((n) => n.type).sort()).toEqual(['follow', 'mention']);
    expect(await t.ok('GET', '/api/v2/notifications/policy', ann)).toMatchObject({ summary: { pending_requests_count: 1, pending_notifications_count: 2 } });
    expect(await t.ok('GET', '/api/v1/notifications/policy', ann)).toMatchObject({ filter_not_following: true, summary: { pending_requests_count: 1 } });
    // Nobody else reaches it.
    expect((await t.get(`/api/v1/notifications/requests/${req!.id}`, { token: ben.token })).status).toBe(404);
    expect((await t.post(`/api/v1/notifications/requests/${req!.id}/accept`, { token: ben.token })).status).toBe(404);
  });

  it('accepting brings the notifications into the list and lets later ones through', async () => {
    const [req] = await requests(ann);
    await t.ok('POST', `/api/v1/notifications/requests/${req!.id}/accept`, ann);
    expect((await notifications(ann)).sort()).toEqual([`follow:${ben.id}`, `follow:${cy.id}`, `mention:${cy.id}`].sort());
    expect(await requests(ann)).toEqual([]);
    await t.postStatus(cy, `again @ann`);
    expect((await notifications(ann)).filter((n) => n === `mention:${cy.id}`)).toHaveLength(2);
    expect(await requests(ann)).toEqual([]);
  });

  it('dismissing removes the request and what was filed under it', async () => {
    await t.postStatus(dee, `psst @ann`);
    const [req] = await requests(ann);
    expect(req!.account.id).toBe(dee.id);
    await t.ok('POST', '/api/v1/notifications/requests/dismiss', ann, { id: [req!.id] });
    expect(await requests(ann)).toEqual([]);
    expect(await t.ok('GET', `/api/v1/notifications?account_id=${dee.id}`, ann)).toEqual([]);
    expect(await t.ok('GET', '/api/v1/notifications/requests/merged', ann)).toEqual({ merged: true });
  });

  it('drops notifications the policy drops, and never holds back staff', async () => {
    await t.ok('PATCH', '/api/v2/notifications/policy', ann, { for_not_following: 'drop' });
    await t.postStatus(dee, `hello again @ann`);
    const rows = await t.ctx.db.selectFrom('notifications').select('id').where('account_id', '=', ann.id).where('from_account_id', '=', dee.id).execute();
    expect(rows).toEqual([]);
    expect(await requests(ann)).toEqual([]);
    await t.postStatus(mod, `a word from the moderators @ann`);
    expect(await notifications(ann)).toContain(`mention:${mod.id}`);
  });

  it('filters private mentions from strangers but not public ones when only private mentions are filtered', async () => {
    await t.ok('PATCH', '/api/v2/notifications/policy', dee, { for_private_mentions: 'filter' });
    await t.postStatus(ben, `public hello @dee`);
    await t.postStatus(ben, `private hello @dee`, { visibility: 'direct' });
    expect(await notifications(dee)).toEqual([`mention:${ben.id}`]);
    const [req] = await requests(dee);
    expect(req).toMatchObject({ account: { id: ben.id }, notifications_count: '1' });
  });

  it('filters new accounts and accounts that do not follow the reader', async () => {
    await t.ok('PATCH', '/api/v2/notifications/policy', cy, { for_new_accounts: 'filter' });
    await t.ok('POST', `/api/v1/accounts/${cy.id}/follow`, dee);
    expect(await notifications(cy)).toEqual([]);
    // An account older than 30 days passes the new-accounts rule.
    await t.ctx.db.updateTable('accounts').set({ created_at: '2020-01-01T00:00:00.000Z' }).where('id', '=', ben.id).execute();
    await t.ok('POST', `/api/v1/accounts/${cy.id}/follow`, ben);
    expect(await notifications(cy)).toEqual([`follow:${ben.id}`]);
    await t.ok('PATCH', '/api/v2/notifications/policy', cy, { for_new_accounts: 'accept', for_not_followers: 'filter' });
    await t.postStatus(ann, `hi @cy`);
    expect((await requests(cy)).map((r) => r.account.id).sort()).toEqual([ann.id, dee.id].sort());
  });
});
