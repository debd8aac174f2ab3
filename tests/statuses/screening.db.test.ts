import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishHeldStatus } from '../../src/domain/statuses/statuses.service.js';
import type { StreamEvent } from '../../src/infra/events.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

describe('posts held by screening', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    // Every post goes to review: the pending path of the screening contract.
    t = await startTestServer({ moderation: { reviewThreshold: 0, refuseThreshold: 1.01, strikesToSuspend: 5 } });
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
  });
  afterAll(() => t?.close());

  it('stores a held post without fan-out, notifications or events, and publishes it on approval', async () => {
    const seen: StreamEvent[] = [];
    const offs = [`user:${bob.id}`, 'public'].map((ch) => t.ctx.events.subscribe(ch, (e) => seen.push(e)));
    const res = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'hello @bob' } });
    expect(res.status).toBe(200);
    expect(res.body.tribune.moderation_state).toBe('pending');
    const id = res.body.id as string;
    expect((await t.get('/api/v1/timelines/home', { token: bob.token })).body.map((s: { id: string }) => s.id)).not.toContain(id);
    expect(await t.ctx.db.selectFrom('notifications').select('id').where('status_id', '=', id).execute()).toEqual([]);
    expect(seen.filter((e) => e.subject === id)).toEqual([]);
    expect((await t.get(`/api/v1/statuses/${id}`, { token: bob.token })).status).toBe(404);

    await publishHeldStatus(t.ctx, id);
    await t.ctx.jobs.drain();
    for (const off of offs) off();
    expect((await t.get('/api/v1/timelines/home', { token: bob.token })).body.map((s: { id: string }) => s.id)).toContain(id);
    expect((await t.get(`/api/v1/statuses/${id}`, { token: bob.token })).body.tribune.moderation_state).toBeUndefined();
    expect((await t.ctx.db.selectFrom('notifications').select('type').where('status_id', '=', id).execute()).map((n) => n.type)).toEqual(['mention']);
    expect(seen.some((e) => e.subject === id && e.event === 'update')).toBe(true);
    expect((await t.ctx.db.selectFrom('accounts').select('statuses_count').where('id', '=', alice.id).executeTakeFirstOrThrow()).statuses_count).toBe(1);
  });
});

describe('posts refused by screening', () => {
  let t: TestServer;
  let alice: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
  });
  afterAll(() => t?.close());

  it('answers 422 with the reason and stores nothing', async () => {
    const res = await t.post('/api/v1/statuses', { token: alice.token, json: { status: 'I will find where you live and shoot you' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatch(/not published/);
    expect(await t.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', alice.id).execute()).toEqual([]);
  });
});
