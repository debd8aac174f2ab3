import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fanoutStatus } from '../../src/domain/statuses/fanout.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// BullMQ retries a failed job up to three times: a fan-out run again (after a partial run, or twice at once)
// must not notify anyone twice.
describe('statuses: a retried fan-out job notifies each recipient once', () => {
  let t: TestServer;
  let author: TestUser;
  let fan: TestUser;
  let mentioned: TestUser;
  let quoted: TestUser;
  let echoer: TestUser;

  const post = async (u: TestUser, json: Record<string, unknown>) => {
    const r = await t.post('/api/v1/statuses', { token: u.token, json: { visibility: 'public', ...json } });
    expect(r.status).toBe(200);
    return r.body.id as string;
  };
  const notificationsOf = async (u: TestUser) =>
    (await t.ctx.db.selectFrom('notifications').select(['type', 'from_account_id', 'status_id']).where('account_id', '=', u.id).execute())
      .map((n) => `${n.type}:${n.from_account_id}:${n.status_id}`)
      .sort();

  beforeAll(async () => {
    t = await startTestServer();
    author = await t.createUser('author');
    fan = await t.createUser('fan');
    mentioned = await t.createUser('mentioned');
    quoted = await t.createUser('quoted');
    echoer = await t.createUser('echoer');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: fan.token, json: { notify: true } })).status).toBe(200);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  it('records one mention, one new-post and one quote notification however often the job runs, with no second event or push', async () => {
    const original = await post(quoted, { status: 'quote me' });
    const id = await post(author, { status: `hello @mentioned`, quoted_status_id: original });
    const before = {
      fan: await notificationsOf(fan),
      mentioned: await notificationsOf(mentioned),
      quoted: await notificationsOf(quoted),
    };
    expect(before).toEqual({
      fan: [`status:${author.id}:${id}`],
      mentioned: [`mention:${author.id}:${id}`],
      quoted: [`quote:${author.id}:${id}`],
    });

    const publish = vi.spyOn(t.ctx.events, 'publish');
    const enqueue = vi.spyOn(t.ctx.jobs, 'enqueue');
    await fanoutStatus(t.ctx, id);
    await Promise.all([fanoutStatus(t.ctx, id), fanoutStatus(t.ctx, id)]);
    expect({ fan: await notificationsOf(fan), mentioned: await notificationsOf(mentioned), quoted: await notificationsOf(quoted) }).toEqual(before);
    expect(publish.mock.calls.filter(([, e]) => (e as { event: string }).event === 'notification')).toEqual([]);
    expect(enqueue.mock.calls.filter(([name]) => name === 'web.push.deliver')).toEqual([]);
    publish.mockRestore();
    enqueue.mockRestore();

    const listed = await t.get('/api/v1/notifications', { token: mentioned.token });
    expect(listed.status).toBe(200);
    expect(listed.body.map((n: { type: string; status: { id: string } }) => `${n.type}:${n.status.id}`)).toEqual([`mention:${id}`]);
  });

  it('records one echo notification when the echo fan-out runs again, and notifies again after an undo and a new echo', async () => {
    const id = await post(author, { status: 'echo me' });
    const echo = await t.post(`/api/v1/statuses/${id}/reblog`, { token: echoer.token });
    expect(echo.status).toBe(200);
    await fanoutStatus(t.ctx, echo.body.id);
    await Promise.all([fanoutStatus(t.ctx, echo.body.id), fanoutStatus(t.ctx, echo.body.id)]);
    const echoes = async () => (await notificationsOf(author)).filter((n) => n.startsWith('reblog:'));
    expect(await echoes()).toEqual([`reblog:${echoer.id}:${id}`]);

    expect((await t.post(`/api/v1/statuses/${id}/unreblog`, { token: echoer.token })).status).toBe(200);
    expect(await echoes()).toEqual([]);
    expect((await t.post(`/api/v1/statuses/${id}/reblog`, { token: echoer.token })).status).toBe(200);
    expect(await echoes()).toEqual([`reblog:${echoer.id}:${id}`]);
  });

  it('streams a post once to each home, public and hashtag stream however often its fan-out runs', async () => {
    const publish = vi.spyOn(t.ctx.events, 'publish');
    const id = await post(author, { status: 'streamed once #retries' });
    const updates = () =>
      publish.mock.calls
        .filter(([, e]) => (e as { event: string; subject: string }).event === 'update' && (e as { subject: string }).subject === id)
        .map(([channel]) => channel)
        .sort();
    const first = updates();
    expect(first).toEqual(expect.arrayContaining([`user:${author.id}`, `user:${fan.id}`, 'public', 'hashtag:retries']));
    await fanoutStatus(t.ctx, id);
    await Promise.all([fanoutStatus(t.ctx, id), fanoutStatus(t.ctx, id)]);
    expect(updates()).toEqual(first);
    publish.mockRestore();
  });

  it('notifies a favourite again after an unfavourite, as the undo takes the first notification back', async () => {
    const id = await post(author, { status: 'upvote me' });
    const favourites = async () => (await notificationsOf(author)).filter((n) => n.startsWith(`favourite:${fan.id}:${id}`));
    expect((await t.post(`/api/v1/statuses/${id}/favourite`, { token: fan.token })).status).toBe(200);
    expect((await t.post(`/api/v1/statuses/${id}/favourite`, { token: fan.token })).status).toBe(200);
    expect(await favourites()).toHaveLength(1);
    expect((await t.post(`/api/v1/statuses/${id}/unfavourite`, { token: fan.token })).status).toBe(200);
    expect(await favourites()).toHaveLength(0);
    expect((await t.post(`/api/v1/statuses/${id}/favourite`, { token: fan.token })).status).toBe(200);
    expect(await favourites()).toHaveLength(1);
  });
});
