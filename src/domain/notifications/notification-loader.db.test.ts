import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../../tests/helpers/query-count.js';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { loadNotifications } from './notification-loader.js';
import type { NotificationRow } from './notifications.store.js';

// The loader reads a page of notifications in a fixed number of statements whatever the page holds: ten, one
// of each kind (posts, strikes, reports, follows), cost what forty do.
describe('notification loader', () => {
  let t: TestServer;
  let vic: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let rows: NotificationRow[] = [];

  const post = async (u: TestUser, status: string, extra: Record<string, unknown> = {}) => (await t.postStatus<{ id: string }>(u, status, extra)).id;
  const notify = (type: string, from: TestUser, statusId: string | null) =>
    t.ctx.db
      .insertInto('notifications')
      .values({ id: t.ctx.ids.next(), account_id: vic.id, from_account_id: from.id, type, status_id: statusId, created_at: new Date().toISOString() })
      .execute();
  const load = (page: NotificationRow[]) => countStatements(t.ctx, (ctx) => loadNotifications(ctx, page, vic.id), { coldParts: true });

  beforeAll(async () => {
    t = await startTestServer();
    vic = await t.createUser('vic', { role: 'admin' });
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    for (let i = 0; i < 4; i++) {
      const newcomer = await t.createUser(`newcomer${i}`);
      const mine = await post(vic, `mine ${i} #birds`);
      const poll = await post(alice, `poll ${i}`, { poll: { options: ['a', 'b'], expires_in: 300 } });
      await post(bob, `quoting ${i}`, { quoted_status_id: mine, media_ids: [await t.seedMedia(bob)] });
      await t.ctx.db
        .insertInto('moderation_actions')
        .values({
          id: t.ctx.ids.next(),
          target_account_id: vic.id,
          status_id: mine,
          moderator_id: alice.id,
          kind: 'warn',
          reason: 'be kind',
          strike: 1,
          created_at: new Date().toISOString(),
        })
        .execute();
      // Mentions, quotes and reports (to the staff: vic) notify by themselves.
      await post(bob, `@vic hello ${i}`);
      await notify('favourite', alice, mine);
      await notify('reblog', bob, mine);
      await notify('follow', newcomer, null);
      await notify('admin.sign_up', newcomer, null);
      await notify('poll', alice, poll);
      await notify('update', alice, poll);
      await notify('moderation_warning', alice, mine);
      await t.ok('POST', '/api/v1/reports', bob, { account_id: alice.id, comment: `report ${i}`, category: 'spam' });
    }
    rows = await t.ctx.db.selectFrom('notifications').selectAll().where('account_id', '=', vic.id).orderBy('id', 'desc').execute();
  });
  afterAll(() => t?.close());

  it('reads ten notifications of every kind and forty in the same statements', async () => {
    expect(rows).toHaveLength(40);
    const oneOfEach = [...new Map(rows.map((r) => [r.type, r])).values()];
    expect(oneOfEach).toHaveLength(10);
    const ten = await load(oneOfEach);
    const forty = await load(rows);
    // The posts' nine (status-loader.ts, no application), strikes, reports, accounts.
    expect(ten.statements).toBe(12);
    expect(forty.statements).toBe(ten.statements);
    expect((await load(rows.filter((r) => r.type === 'mention').slice(0, 1))).statements).toBeLessThanOrEqual(ten.statements);
  });

  it('finds each notification its post, strike, report and accounts', async () => {
    const { result: loaded } = await load(rows);
    const about = (type: string) => rows.filter((r) => r.type === type);
    expect(loaded.statuses.shown.map((s) => s.id).sort()).toEqual(
      [...new Set(rows.flatMap((r) => (r.status_id && r.type !== 'moderation_warning' ? [r.status_id] : [])))].sort(),
    );
    expect(about('moderation_warning').every((r) => loaded.warnings.get(r.id)?.status_id === r.status_id)).toBe(true);
    const reports = about('admin.report').map((r) => loaded.reports.get(r.id)?.comment);
    // Each notification names the report filed just before it, newest first.
    expect(reports).toEqual(['report 3', 'report 2', 'report 1', 'report 0']);
    expect(loaded.accounts.size).toBe(7);
  });

  it('reads nothing for an empty page', async () => {
    expect((await load([])).statements).toBe(0);
  });
});
