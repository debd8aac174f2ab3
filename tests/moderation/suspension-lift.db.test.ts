import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liftExpiredSuspensions } from '../../src/moderation/actions.service.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Every process runs the sweep that lifts timed suspensions; two finding the same row due must not both act.
describe('moderation: lifting timed suspensions with several processes', () => {
  let t: TestServer;
  let mod: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    mod = await t.createUser('mod', { role: 'moderator' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const suspendAndExpire = async (u: TestUser) => {
    const res = await t.post(`/api/v1/admin/accounts/${u.id}/action`, {
      token: mod.token,
      json: { type: 'suspend', text: 'cool off', rule: '1', duration: 60 },
    });
    expect(res.status).toBe(200);
    await t.ctx.db
      .updateTable('accounts')
      .set({ suspended_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', u.id)
      .execute();
  };
  const liftRecords = async (accountId: string) => {
    const audit = await t.ctx.db
      .selectFrom('moderation_audit_log')
      .select('id')
      .where('action', '=', 'account.unsuspend')
      .where('target_id', '=', accountId)
      .execute();
    const actions = await t.ctx.db
      .selectFrom('moderation_actions')
      .select('id')
      .where('kind', '=', 'unsuspend')
      .where('target_account_id', '=', accountId)
      .execute();
    return { audit: audit.length, actions: actions.length };
  };

  it('writes one action and one audit row when two sweeps lift the same suspension at once', async () => {
    const erin = await t.createUser('erin');
    await suspendAndExpire(erin);
    const lifted = await Promise.all([liftExpiredSuspensions(t.ctx), liftExpiredSuspensions(t.ctx)]);
    expect(lifted[0] + lifted[1]).toBe(1);
    expect(await liftRecords(erin.id)).toEqual({ audit: 1, actions: 1 });
    expect((await t.get(`/api/v1/admin/accounts/${erin.id}`, { token: mod.token })).body.suspended).toBe(false);
  });

  it('lifts two due suspensions once each across three concurrent sweeps, and a later sweep finds nothing', async () => {
    const finn = await t.createUser('finn');
    const gina = await t.createUser('gina');
    await suspendAndExpire(finn);
    await suspendAndExpire(gina);
    const sweeps = [liftExpiredSuspensions(t.ctx), liftExpiredSuspensions(t.ctx), liftExpiredSuspensions(t.ctx)];
    const lifted = (await Promise.all(sweeps)).reduce((a, b) => a + b, 0);
    expect(lifted).toBe(2);
    expect(await liftRecords(finn.id)).toEqual({ audit: 1, actions: 1 });
    expect(await liftRecords(gina.id)).toEqual({ audit: 1, actions: 1 });
    expect(await liftExpiredSuspensions(t.ctx)).toBe(0);
  });
});
