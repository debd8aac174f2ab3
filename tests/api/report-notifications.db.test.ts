import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Mastodon's admin.report notification: https://docs.joinmastodon.org/entities/Notification/#report
describe('admin.report notifications', () => {
  let t: TestServer;
  let mod: TestUser;
  let admin: TestUser;
  let reporter: TestUser;
  let target: TestUser;
  let bystander: TestUser;

  const notifications = async (u: TestUser) => (await t.get('/api/v1/notifications', { token: u.token })).body as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await startTestServer();
    mod = await t.createUser('mod', { role: 'moderator' });
    admin = await t.createUser('boss', { role: 'admin' });
    reporter = await t.createUser('reporter');
    target = await t.createUser('target');
    bystander = await t.createUser('bystander');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('notifies every moderator and admin of a new report, carrying the Report entity', async () => {
    const post = await t.post('/api/v1/statuses', { token: target.token, json: { status: 'buy cheap pills now' } });
    const report = await t.post('/api/v1/reports', {
      token: reporter.token,
      json: { account_id: target.id, status_ids: [post.body.id], comment: 'spam again', category: 'spam' },
    });
    expect(report.status).toBe(200);
    for (const staff of [mod, admin]) {
      const list = (await notifications(staff)).filter((n) => n.type === 'admin.report');
      expect(list).toHaveLength(1);
      const n = list[0]!;
      expect(n.account.id).toBe(reporter.id);
      expect(n.status).toBeUndefined();
      expect(n.report).toMatchObject({
        id: report.body.id,
        action_taken: false,
        action_taken_at: null,
        category: 'spam',
        comment: 'spam again',
        forwarded: false,
        status_ids: [post.body.id],
        rule_ids: null,
        created_at: report.body.created_at,
      });
      expect(n.report.target_account.id).toBe(target.id);
    }
    for (const other of [reporter, target, bystander]) expect((await notifications(other)).some((n) => n.type === 'admin.report')).toBe(false);
  });

  it('links each notification to its own report when one person files several', async () => {
    const second = await t.post('/api/v1/reports', { token: reporter.token, json: { account_id: bystander.id, comment: 'rude' } });
    expect(second.status).toBe(200);
    const list = (await notifications(mod)).filter((n) => n.type === 'admin.report');
    expect(list).toHaveLength(2);
    // Newest first.
    expect(list[0]!.report.id).toBe(second.body.id);
    expect(list[0]!.report.target_account.id).toBe(bystander.id);
    expect(list[1]!.report.comment).toBe('spam again');
    const grouped = await t.get('/api/v2/notifications', { token: mod.token });
    expect(grouped.status).toBe(200);
    const groups = (grouped.body.notification_groups as Array<Record<string, any>>).filter((g) => g.type === 'admin.report');
    expect(groups.map((g) => g.report.id).sort()).toEqual([second.body.id, list[1]!.report.id].sort());
  });

  it('does not tell a moderator that they were reported', async () => {
    const res = await t.post('/api/v1/reports', { token: reporter.token, json: { account_id: mod.id, comment: 'abusive moderator' } });
    expect(res.status).toBe(200);
    const toMod = (await notifications(mod)).filter((n) => n.type === 'admin.report');
    expect(toMod.map((n) => n.report.id)).not.toContain(res.body.id);
    const toAdmin = (await notifications(admin)).filter((n) => n.type === 'admin.report');
    expect(toAdmin.map((n) => n.report.id)).toContain(res.body.id);
  });
});
