import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteFollowerInboxes, upsertRemoteAccount } from '../../src/domain/accounts/remote-accounts.store.js';
import { seedFollowers } from '../helpers/followers.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// A post's deliveries go to every remote follower's inbox, however many local followers come between them: the
// followers are read a page at a time (remote-accounts.store.ts).
describe('remote followers of an account with many local ones', () => {
  let t: TestServer;
  let author: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    author = await t.createUser('author');
  });
  afterAll(() => t?.close());

  const remoteFollower = async (name: string, opts: { suspended?: boolean } = {}) => {
    const now = new Date().toISOString();
    const id = await upsertRemoteAccount(
      t.ctx.db,
      t.ctx.ids.next(),
      {
        uri: `https://remote.example/users/${name}`,
        username: name,
        domain: 'remote.example',
        displayName: name,
        note: '',
        url: null,
        inboxUrl: `https://remote.example/users/${name}/inbox`,
        sharedInboxUrl: 'https://remote.example/inbox',
        followersUrl: null,
        locked: false,
        bot: false,
      },
      now,
    );
    if (opts.suspended) await t.ctx.db.updateTable('accounts').set({ suspended_at: now }).where('id', '=', id).execute();
    await t.ctx.db
      .insertInto('follows')
      .values({ id: t.ctx.ids.next(), account_id: id, target_account_id: author.id, show_reblogs: 1, notify: 0, languages: null, created_at: now })
      .execute();
  };

  it('finds remote followers before, between and after pages of local followers, and not a suspended one', async () => {
    await remoteFollower('first');
    await seedFollowers(t.ctx, author.id, 700, 'a');
    await remoteFollower('middle');
    await remoteFollower('gone', { suspended: true });
    await seedFollowers(t.ctx, author.id, 800, 'b');
    await remoteFollower('last');

    const inboxes = await remoteFollowerInboxes(t.ctx.db, author.id);
    expect(inboxes.map((i) => i.uri)).toEqual(['first', 'middle', 'last'].map((n) => `https://remote.example/users/${n}`));
    expect(inboxes.every((i) => i.sharedInbox === 'https://remote.example/inbox')).toBe(true);
  });
});
