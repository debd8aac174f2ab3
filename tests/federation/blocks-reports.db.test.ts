import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Blocks, reports and a person's domain block across two real Tribune servers on loopback: what one server does at
// its border reaches the other as Block, Undo(Block), Flag, Undo(Follow) and Reject.
const federation = { allowPrivateAddress: true };

type Relationship = { following: boolean; followed_by: boolean; requested: boolean; blocking: boolean; blocked_by: boolean };

describe('blocks, reports and domain blocks between two servers', () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let adminB: TestUser;
  let bobOnA: string;
  let aliceOnB: string;

  const domainOf = (t: TestServer) => new URL(t.url).host;
  const relation = async (t: TestServer, who: TestUser, id: string) =>
    (await t.ok<Relationship[]>('GET', `/api/v1/accounts/relationships?id[]=${id}`, who))[0]!;
  const resolve = async (t: TestServer, who: TestUser, handle: string) =>
    (await t.ok<{ accounts: Array<{ id: string }> }>('GET', `/api/v2/search?q=${encodeURIComponent(handle)}&resolve=true`, who)).accounts[0]!.id;
  /** Both follow each other, each server agreeing. */
  const followBothWays = async () => {
    await a.ok('POST', `/api/v1/accounts/${bobOnA}/follow`, alice);
    await b.ok('POST', `/api/v1/accounts/${aliceOnB}/follow`, bob);
    await eventually(async () => expect(await relation(a, alice, bobOnA)).toMatchObject({ following: true, followed_by: true }));
    await eventually(async () => expect(await relation(b, bob, aliceOnB)).toMatchObject({ following: true, followed_by: true }));
  };
  /** Every activity either server queued has been delivered and handled (their queues are empty). */
  const settled = () =>
    eventually(async () => {
      expect(await a.ctx.db.selectFrom('federation_queue').select('id').execute()).toEqual([]);
      expect(await b.ctx.db.selectFrom('federation_queue').select('id').execute()).toEqual([]);
    });
  const reportsOnB = () =>
    b.ok<
      Array<{
        comment: string;
        tribune_origin_domain: string | null;
        target_account: { id: string };
        statuses: Array<{ uri: string }>;
        account: { domain: string | null };
      }>
    >('GET', '/api/v1/admin/reports', adminB);

  beforeAll(async () => {
    a = await startTestServer({ federation });
    // B screens nothing out (its thresholds are out of reach), so a threat leaves it: A stops it at its border.
    b = await startTestServer({ federation, moderation: { reviewThreshold: 2, refuseThreshold: 2, strikesToSuspend: 5 } });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    adminB = await b.createUser('admin', { role: 'admin' });
    bobOnA = await resolve(a, alice, `@bob@${domainOf(b)}`);
    aliceOnB = await resolve(b, bob, `@alice@${domainOf(a)}`);
    await followBothWays();
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("serves the server's own actor, an Application that signs what the server sends", async () => {
    const hostname = new URL(a.url).hostname;
    const actor = await a.get(`/users/${hostname}`, { headers: { accept: 'application/activity+json' } });
    expect(actor.status).toBe(200);
    expect(actor.body).toMatchObject({ type: 'Application', id: `${a.url}/users/${hostname}`, preferredUsername: hostname });
    expect(actor.body.publicKey.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
  });

  it("forwards a report on a remote post to its server as a Flag, which files it in that server's queue marked with its origin", async () => {
    const post = await b.postStatus<{ id: string; uri: string }>(bob, 'buy my pills');
    const copy = await eventually(async () => {
      const row = await a.ctx.db.selectFrom('statuses').select('id').where('uri', '=', post.uri).executeTakeFirst();
      expect(row).toBeDefined();
      return row!;
    });
    const report = await a.ok<{ forwarded: boolean }>('POST', '/api/v1/reports', alice, {
      account_id: bobOnA,
      status_ids: [copy.id],
      comment: 'spam from bob',
      category: 'spam',
      forward: true,
    });
    expect(report.forwarded).toBe(true);
    const received = await eventually(async () => {
      const list = await reportsOnB();
      expect(list).toHaveLength(1);
      return list[0]!;
    });
    expect(received).toMatchObject({ comment: 'spam from bob', tribune_origin_domain: domainOf(a), target_account: { id: bob.id } });
    expect(received.statuses.map((s) => s.uri)).toEqual([post.uri]);
    // Sent by the server, not by the person who reported.
    expect(received.account.domain).toBe(domainOf(a));
    expect((await b.get(`/api/v1/accounts/${aliceOnB}`)).body.id).toBe(aliceOnB);

    // Not forwarded when the reporter says no: A keeps it to itself.
    const kept = await a.ok<{ forwarded: boolean }>('POST', '/api/v1/reports', alice, { account_id: bobOnA, comment: 'only for my moderators' });
    expect(kept.forwarded).toBe(false);
    await settled();
    expect(await reportsOnB()).toHaveLength(1);
  });

  it('drops reports from a server whose reports an admin rejects (reject_reports), and takes them again once lifted', async () => {
    const block = await b.ok<{ id: string }>('POST', '/api/v1/admin/domain_blocks', adminB, { domain: domainOf(a), severity: 'noop', reject_reports: true });
    await a.ok('POST', '/api/v1/reports', alice, { account_id: bobOnA, comment: 'dropped at the border', forward: true });
    await settled();
    expect((await reportsOnB()).map((r) => r.comment)).not.toContain('dropped at the border');
    await b.ok('DELETE', `/api/v1/admin/domain_blocks/${block.id}`, adminB);
    await a.ok('POST', '/api/v1/reports', alice, { account_id: bobOnA, comment: 'taken in again', forward: true });
    await eventually(async () => expect((await reportsOnB()).map((r) => r.comment)).toContain('taken in again'));
  });

  it("sends a block to the blocked account's server, which ends the follows both ways and keeps them apart; Undo(Block) lifts it", async () => {
    await a.ok('POST', `/api/v1/accounts/${bobOnA}/block`, alice);
    expect(await relation(a, alice, bobOnA)).toMatchObject({ following: false, followed_by: false, blocking: true });
    await eventually(async () => expect(await relation(b, bob, aliceOnB)).toMatchObject({ following: false, followed_by: false, blocked_by: true }));
    // Kept apart on B as a local block would: bob cannot follow alice again.
    expect((await b.post(`/api/v1/accounts/${aliceOnB}/follow`, { token: bob.token })).status).toBe(403);

    await a.ok('POST', `/api/v1/accounts/${bobOnA}/unblock`, alice);
    await eventually(async () => expect((await relation(b, bob, aliceOnB)).blocked_by).toBe(false));
    await followBothWays();
  });

  it('counts what happened at the border in the public transparency report, naming no server', async () => {
    const adminA = await a.createUser('admin', { role: 'admin' });
    await a.ok('POST', '/api/v1/admin/domain_blocks', adminA, { domain: 'harm.example', severity: 'suspend', reject_media: true });
    await a.ok('POST', '/api/v1/admin/domain_blocks', adminA, { domain: 'loud.example', severity: 'silence', reject_reports: true });
    const threat = await b.postStatus<{ uri: string }>(bob, 'I will find where you live and shoot you');
    await eventually(async () => {
      const screened = await a.ctx.db.selectFrom('moderation_screenings').select('outcome').where('outcome', '!=', 'published').execute();
      expect(screened).toHaveLength(1);
    });
    expect((await a.ok<Array<{ uri: string }>>('GET', '/api/v1/timelines/home', alice)).map((s) => s.uri)).not.toContain(threat.uri);

    type Month = {
      remote_posts_held: number;
      remote_posts_refused: number;
      reports_from_other_servers: number;
      reports_forwarded: number;
      domain_blocks: { suspend: number; silence: number; noop: number };
    };
    const report = async (t: TestServer) =>
      (await t.get<{ federation: { domain_blocks_in_force: Record<string, number> }; months: Month[] }>('/about/transparency.json')).body;
    const total = (months: Month[], pick: (m: Month) => number) => months.reduce((n, m) => n + pick(m), 0);
    const onA = await report(a);
    expect(onA.federation.domain_blocks_in_force).toEqual({ suspend: 1, silence: 1, noop: 0, reject_media: 1, reject_reports: 1 });
    expect(total(onA.months, (m) => m.domain_blocks.suspend)).toBe(1);
    expect(total(onA.months, (m) => m.domain_blocks.silence)).toBe(1);
    expect(total(onA.months, (m) => m.remote_posts_held + m.remote_posts_refused)).toBe(1);
    // Forwarded: the first report, the one B dropped and the one it took again.
    expect(total(onA.months, (m) => m.reports_forwarded)).toBe(3);
    expect(total(onA.months, (m) => m.reports_from_other_servers)).toBe(0);
    const onB = await report(b);
    // B took two of them: the one sent while it rejected A's reports was dropped.
    expect(total(onB.months, (m) => m.reports_from_other_servers)).toBe(2);
    expect(onB.federation.domain_blocks_in_force).toEqual({ suspend: 0, silence: 0, noop: 0, reject_media: 0, reject_reports: 0 });
    const page = await a.get('/about/transparency', { headers: { accept: 'text/html' } });
    expect(page.text).toContain('Posts from other servers refused');
    expect(page.text).toMatch(/Servers suspended \(nothing exchanged\)<\/th><td>1</);
    expect(page.text).not.toContain('harm.example');
  });

  it("ends a person's follows with a server they block, both ways, and tells that server", async () => {
    expect(await a.ok('POST', '/api/v1/domain_blocks', alice, { domain: domainOf(b) })).toEqual({});
    expect(await relation(a, alice, bobOnA)).toMatchObject({ following: false, followed_by: false });
    // B learns both: alice's Undo(Follow) and the Reject of bob's follow.
    await eventually(async () => expect(await relation(b, bob, aliceOnB)).toMatchObject({ following: false, followed_by: false }));
    expect((await a.ok<{ followers_count: number; following_count: number }>('GET', `/api/v1/accounts/${alice.id}`, alice)).following_count).toBe(0);
  });

  it("sends Reject when a locked account turns down a remote follow request, and the requester's server lets it go", async () => {
    await a.request('DELETE', '/api/v1/domain_blocks', { token: alice.token, json: { domain: domainOf(b) } });
    await a.ok('PATCH', '/api/v1/accounts/update_credentials', alice, { locked: true });
    await b.ok('POST', `/api/v1/accounts/${aliceOnB}/follow`, bob);
    expect((await relation(b, bob, aliceOnB)).requested).toBe(true);
    await eventually(async () => expect((await a.ok<Array<{ id: string }>>('GET', '/api/v1/follow_requests', alice)).map((x) => x.id)).toEqual([bobOnA]));
    await a.ok('POST', `/api/v1/follow_requests/${bobOnA}/reject`, alice);
    await eventually(async () => expect(await relation(b, bob, aliceOnB)).toMatchObject({ requested: false, following: false }));
  });
});
