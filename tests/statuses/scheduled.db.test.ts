import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDueScheduled } from '../../src/domain/statuses/scheduled.service.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

const inHours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

describe('scheduled posts', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const schedule = (u: TestUser, json: Record<string, unknown>, at = inHours(2)) =>
    t.post('/api/v1/statuses', { token: u.token, json: { scheduled_at: at, ...json } });
  const scheduledCount = async (u: TestUser) =>
    Number(
      (
        await t.ctx.db
          .selectFrom('scheduled_statuses')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('account_id', '=', u.id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const postsWithText = async (text: string) => (await t.ctx.db.selectFrom('statuses').select('id').where('text', '=', text).execute()).map((r) => r.id);
  /** Moves a scheduled post into the past, as if its time had come. */
  const makeDue = (id: string) =>
    t.ctx.db
      .updateTable('scheduled_statuses')
      .set({ scheduled_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
  const publish = async () => {
    const n = await publishDueScheduled(t.ctx);
    await t.ctx.jobs.drain();
    return n;
  };
  const homeTexts = async (u: TestUser) =>
    (await t.ok<Array<{ content: string }>>('GET', '/api/v1/timelines/home', u)).map((s) => s.content.replace(/<[^>]+>/g, ''));

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
    await t.ok('POST', `/api/v1/accounts/${alice.id}/follow`, bob);
  });
  afterAll(() => t?.close());

  it('answers a ScheduledStatus and publishes nothing yet', async () => {
    const at = inHours(3);
    const r = await schedule(alice, { status: 'Later, everyone', visibility: 'unlisted', spoiler_text: 'cw', language: 'en' }, at);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      id: expect.any(String),
      scheduled_at: at,
      params: {
        text: 'Later, everyone',
        poll: null,
        media_ids: null,
        sensitive: null,
        spoiler_text: 'cw',
        visibility: 'unlisted',
        scheduled_at: null,
        in_reply_to_id: null,
        language: 'en',
        application_id: null,
        idempotency: null,
        with_rate_limit: false,
        quoted_status_id: null,
        quote_approval_policy: null,
      },
      media_attachments: [],
    });
    expect(await postsWithText('Later, everyone')).toEqual([]);
    expect(await homeTexts(alice)).not.toContain('Later, everyone');
    expect(await homeTexts(bob)).not.toContain('Later, everyone');
    const own = await t.ok<Array<{ id: string }>>('GET', `/api/v1/accounts/${alice.id}/statuses`, alice);
    expect(own).toEqual([]);
    await t.request('DELETE', `/api/v1/scheduled_statuses/${r.body.id}`, { token: alice.token });
  });

  it('refuses a scheduled_at less than 5 minutes ahead, or not a date, naming the field', async () => {
    const soon = await schedule(carol, { status: 'too soon' }, new Date(Date.now() + 60_000).toISOString());
    expect(soon.status).toBe(422);
    expect(soon.body.error).toMatch(/scheduled_at/);
    expect(soon.body.error).toMatch(/5 minutes/);
    const past = await schedule(carol, { status: 'in the past' }, '2001-01-01T00:00:00Z');
    expect(past.status).toBe(422);
    const junk = await schedule(carol, { status: 'junk' }, 'tomorrow');
    expect(junk.status).toBe(422);
    expect(junk.body.error).toMatch(/scheduled_at/);
    expect(await scheduledCount(carol)).toBe(0);
  });

  it('checks the post as an immediate one when it is scheduled, storing nothing when it fails', async () => {
    const long = await schedule(carol, { status: 'x'.repeat(t.ctx.config.maxPostChars + 1) });
    expect(long.status).toBe(422);
    expect(long.body.error).toMatch(/too long/);
    const blank = await schedule(carol, { status: '  ' });
    expect(blank.status).toBe(422);
    const badVisibility = await schedule(carol, { status: 'x', visibility: 'everyone' });
    expect(badVisibility.status).toBe(422);
    expect(badVisibility.body.error).toMatch(/visibility/);
    const secret = await t.postStatus(alice, 'for my mentions only', { visibility: 'direct' });
    const hiddenParent = await schedule(carol, { status: 'reply', in_reply_to_id: secret.id });
    expect(hiddenParent.status).toBe(404);
    const onePoll = await schedule(carol, { status: 'poll?', poll: { options: ['only'], expires_in: 300 } });
    expect(onePoll.status).toBe(422);
    expect(onePoll.body.error).toMatch(/poll/);
    const mediaId = await t.seedMedia(alice);
    const theirs = await schedule(carol, { status: 'their cat', media_ids: [mediaId] });
    expect(theirs.status).toBe(422);
    expect(theirs.body.error).toMatch(/media_ids/);
    expect(await scheduledCount(carol)).toBe(0);
    // The owner may schedule it, and sees it in media_attachments.
    const mine = await schedule(alice, { status: 'my cat', media_ids: [mediaId] });
    expect(mine.status).toBe(200);
    expect(mine.body.params.media_ids).toEqual([mediaId]);
    expect(mine.body.media_attachments.map((m: { id: string }) => m.id)).toEqual([mediaId]);
    await t.request('DELETE', `/api/v1/scheduled_statuses/${mine.body.id}`, { token: alice.token });
  });

  it('lists with a Link header, shows one, moves its time and deletes it', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await schedule(carol, { status: `plan ${n}` }, inHours(n))).body.id);
    const first = await t.get('/api/v1/scheduled_statuses?limit=2', { token: carol.token });
    expect(first.status).toBe(200);
    expect(first.body.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toContain(`max_id=${ids[1]}`);
    const second = await t.get(new URL(next!).pathname + new URL(next!).search, { token: carol.token });
    expect(second.body.map((s: { id: string }) => s.id)).toEqual([ids[0]]);

    const one = await t.get(`/api/v1/scheduled_statuses/${ids[0]}`, { token: carol.token });
    expect(one.status).toBe(200);
    expect(one.body.params.text).toBe('plan 1');

    const later = inHours(30);
    const moved = await t.request('PUT', `/api/v1/scheduled_statuses/${ids[0]}`, { token: carol.token, json: { scheduled_at: later } });
    expect(moved.status).toBe(200);
    expect(moved.body.scheduled_at).toBe(later);
    expect((await t.get(`/api/v1/scheduled_statuses/${ids[0]}`, { token: carol.token })).body.scheduled_at).toBe(later);
    const tooSoon = await t.request('PUT', `/api/v1/scheduled_statuses/${ids[0]}`, {
      token: carol.token,
      json: { scheduled_at: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.error).toMatch(/scheduled_at/);

    const gone = await t.request('DELETE', `/api/v1/scheduled_statuses/${ids[0]}`, { token: carol.token });
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({});
    expect((await t.get(`/api/v1/scheduled_statuses/${ids[0]}`, { token: carol.token })).status).toBe(404);
    expect((await t.get('/api/v1/scheduled_statuses', { token: carol.token })).body.map((s: { id: string }) => s.id)).toEqual([ids[2], ids[1]]);
    for (const id of ids.slice(1)) await t.request('DELETE', `/api/v1/scheduled_statuses/${id}`, { token: carol.token });
  });

  it("answers 404 for someone else's scheduled post", async () => {
    const r = await schedule(alice, { status: 'mine alone' });
    const id = r.body.id;
    expect((await t.get(`/api/v1/scheduled_statuses/${id}`, { token: bob.token })).status).toBe(404);
    expect((await t.request('PUT', `/api/v1/scheduled_statuses/${id}`, { token: bob.token, json: { scheduled_at: inHours(5) } })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/scheduled_statuses/${id}`, { token: bob.token })).status).toBe(404);
    expect((await t.get('/api/v1/scheduled_statuses', { token: bob.token })).body).toEqual([]);
    expect((await t.get('/api/v1/scheduled_statuses/not-an-id', { token: alice.token })).status).toBe(404);
    // Still there, unchanged.
    expect((await t.get(`/api/v1/scheduled_statuses/${id}`, { token: alice.token })).body.scheduled_at).toBe(r.body.scheduled_at);
    await t.request('DELETE', `/api/v1/scheduled_statuses/${id}`, { token: alice.token });
  });

  it("publishes due posts into the author's and a follower's home (a cached page included)", async () => {
    const r = await schedule(alice, { status: 'It is time' });
    // Not due yet: the check leaves it alone.
    expect(await publish()).toBe(0);
    expect(await homeTexts(bob)).not.toContain('It is time');
    await makeDue(r.body.id);
    expect(await publish()).toBe(1);
    expect(await postsWithText('It is time')).toHaveLength(1);
    expect(await homeTexts(alice)).toContain('It is time');
    expect(await homeTexts(bob)).toContain('It is time');
    expect((await t.get(`/api/v1/scheduled_statuses/${r.body.id}`, { token: alice.token })).status).toBe(404);
  });

  it('publishes once when two checks run at once', async () => {
    const a = await schedule(alice, { status: 'only once, please' });
    const b = await schedule(alice, { status: 'and me once too' }, inHours(4));
    await makeDue(a.body.id);
    await makeDue(b.body.id);
    const [x, y] = await Promise.all([publishDueScheduled(t.ctx), publishDueScheduled(t.ctx)]);
    await t.ctx.jobs.drain();
    expect(x + y).toBe(2);
    expect(await publish()).toBe(0);
    expect(await postsWithText('only once, please')).toHaveLength(1);
    expect(await postsWithText('and me once too')).toHaveLength(1);
  });

  it('publishes a scheduled poll with its poll', async () => {
    const r = await schedule(alice, { status: 'Tea or coffee, later?', poll: { options: ['Tea', 'Coffee'], expires_in: 3600, multiple: true } });
    expect(r.status).toBe(200);
    expect(r.body.params.poll).toEqual({ options: ['Tea', 'Coffee'], expires_in: 3600, multiple: true, hide_totals: false });
    await makeDue(r.body.id);
    expect(await publish()).toBe(1);
    const [id] = await postsWithText('Tea or coffee, later?');
    const s = await t.ok('GET', `/api/v1/statuses/${id}`, bob);
    expect(s.poll).toMatchObject({ expired: false, multiple: true, options: [{ title: 'Tea' }, { title: 'Coffee' }] });
  });

  it('drops a post whose reply target is gone by its time', async () => {
    const parent = await t.postStatus(bob, 'soon deleted');
    const r = await schedule(alice, { status: 'replying to nothing', in_reply_to_id: parent.id });
    expect(r.status).toBe(200);
    expect(r.body.params.in_reply_to_id).toBe(parent.id);
    await t.ok('DELETE', `/api/v1/statuses/${parent.id}`, bob);
    await makeDue(r.body.id);
    expect(await publish()).toBe(0);
    expect(await postsWithText('replying to nothing')).toEqual([]);
    expect((await t.get(`/api/v1/scheduled_statuses/${r.body.id}`, { token: alice.token })).status).toBe(404);
  });

  it('allows 25 posts on one day', async () => {
    const dave = await t.createUser('dave');
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 25; i++) {
      const r = await schedule(dave, { status: `post ${i}` }, `${day}T10:${String(i).padStart(2, '0')}:00.000Z`);
      expect(r.status).toBe(200);
    }
    const over = await schedule(dave, { status: 'one too many' }, `${day}T23:00:00.000Z`);
    expect(over.status).toBe(422);
    expect(over.body.error).toMatch(/25/);
    const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await schedule(dave, { status: 'next day' }, `${nextDay}T00:30:00.000Z`)).status).toBe(200);
  });
});
