import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyEndedPolls } from '../../src/domain/polls/polls.service.js';
import type { Classifier } from '../../src/moderation/classifier/types.js';
import { setClassifier } from '../../src/moderation/moderation.service.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

describe('polls: create, vote, totals, expiry', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  const createPoll = (u: TestUser, poll: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    t.post('/api/v1/statuses', { token: u.token, json: { status: 'Which one?', poll, ...extra } });
  const vote = (u: TestUser, pollId: string, choices: number[]) => t.post(`/api/v1/polls/${pollId}/votes`, { token: u.token, json: { choices } });
  const pollNotifications = async (statusId: string) =>
    (
      await t.ctx.db
        .selectFrom('notifications')
        .select(['account_id', 'from_account_id'])
        .where('type', '=', 'poll')
        .where('status_id', '=', statusId)
        .orderBy('account_id')
        .execute()
    ).map((n) => `${n.account_id}<-${n.from_account_id}`);
  const endPoll = async (pollId: string) => {
    await t.ctx.db
      .updateTable('polls')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', pollId)
      .execute();
  };

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    carol = await t.createUser('carol');
    dave = await t.createUser('dave');
  });
  afterAll(() => t?.close());

  it('creates a post with a poll from a form (poll[options][]) and shows it on the status', async () => {
    const r = await t.post('/api/v1/statuses', {
      token: alice.token,
      form: [
        ['status', 'Tea or coffee?'],
        ['poll[options][]', 'Tea'],
        ['poll[options][]', 'Coffee'],
        ['poll[expires_in]', '300'],
      ],
    });
    expect(r.status).toBe(200);
    const poll = r.body.poll;
    expect(poll).toMatchObject({
      expired: false,
      multiple: false,
      votes_count: 0,
      voters_count: 0,
      options: [
        { title: 'Tea', votes_count: 0 },
        { title: 'Coffee', votes_count: 0 },
      ],
      emojis: [],
      voted: true,
      own_votes: [],
    });
    const ends = Date.parse(poll.expires_at) - Date.parse(r.body.created_at);
    expect(ends).toBeGreaterThanOrEqual(299_000);
    expect(ends).toBeLessThanOrEqual(301_000);
    // Anonymous readers get no voted / own_votes.
    const anon = await t.get(`/api/v1/statuses/${r.body.id}`);
    expect(anon.body.poll.id).toBe(poll.id);
    expect(anon.body.poll).not.toHaveProperty('voted');
    const viaPoll = await t.get(`/api/v1/polls/${poll.id}`, { token: bob.token });
    expect(viaPoll.status).toBe(200);
    expect(viaPoll.body).toMatchObject({ id: poll.id, voted: false, own_votes: [] });
  });

  it('refuses malformed polls with a 422 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ options: ['only one'], expires_in: 600 }, 'poll.options'],
      [{ options: ['a', 'b', 'c', 'd', 'e'], expires_in: 600 }, 'poll.options'],
      [{ options: ['a', 'x'.repeat(51)], expires_in: 600 }, 'poll.options'],
      [{ options: ['a', 'a'], expires_in: 600 }, 'poll.options'],
      [{ options: ['a', ' '], expires_in: 600 }, 'poll.options'],
      [{ options: ['a', 'b'], expires_in: 299 }, 'poll.expires_in'],
      [{ options: ['a', 'b'], expires_in: 2_629_747 }, 'poll.expires_in'],
      [{ options: ['a', 'b'] }, 'poll.expires_in'],
    ];
    for (const [poll, field] of cases) {
      const r = await createPoll(alice, poll);
      expect(r.status, JSON.stringify(poll)).toBe(422);
      // The field as Mastodon names it (poll[options]) or as the validator does (poll.expires_in).
      expect(r.body.error).toMatch(new RegExp(`^Validation failed: poll(\\[|\\.)${field.split('.')[1]}`));
    }
    // 50 characters (counted as characters, not bytes) and 4 options are fine.
    expect((await createPoll(alice, { options: ['é'.repeat(50), 'b', 'c', 'd'], expires_in: 2_629_746 })).status).toBe(200);

    const mediaId = await t.seedMedia(alice, { description: null });
    const both = await createPoll(alice, { options: ['a', 'b'], expires_in: 600 }, { media_ids: [mediaId] });
    expect(both.status).toBe(422);
    expect(both.body.error).toMatch(/^Validation failed: poll cannot be combined with media_ids/);
    // Nothing of the refused posts was stored.
    const count = await t.ctx.db
      .selectFrom('polls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', alice.id)
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(2);
  });

  it('takes one vote per account, keeps counts, and refuses the author, a second vote, bad and several choices', async () => {
    const created = await createPoll(alice, { options: ['red', 'green', 'blue'], expires_in: 600 });
    const pollId: string = created.body.poll.id;
    const own = await vote(alice, pollId, [0]);
    expect(own.status).toBe(422);
    expect(own.body.error).toMatch(/own poll/);
    expect((await vote(bob, pollId, [3])).status).toBe(422);
    const several = await vote(bob, pollId, [0, 1]);
    expect(several.status).toBe(422);
    expect(several.body.error).toMatch(/single choice/);
    expect((await t.post(`/api/v1/polls/${pollId}/votes`, { token: bob.token, json: {} })).status).toBe(422);

    const v = await t.post(`/api/v1/polls/${pollId}/votes`, { token: bob.token, form: [['choices[]', '1']] });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ votes_count: 1, voters_count: 1, voted: true, own_votes: [1] });
    expect(v.body.options.map((o: { votes_count: number }) => o.votes_count)).toEqual([0, 1, 0]);
    const again = await vote(bob, pollId, [2]);
    expect(again.status).toBe(422);
    expect(again.body.error).toMatch(/already voted/);
    expect((await vote(carol, pollId, [1])).status).toBe(200);

    const seen = await t.get(`/api/v1/statuses/${created.body.id}`, { token: carol.token });
    expect(seen.body.poll).toMatchObject({ votes_count: 2, voters_count: 2, voted: true, own_votes: [1] });
    expect(seen.body.poll.options.map((o: { votes_count: number }) => o.votes_count)).toEqual([0, 2, 0]);
    const rows = await t.ctx.db.selectFrom('poll_votes').select(['account_id', 'choice']).where('poll_id', '=', pollId).orderBy('account_id').execute();
    expect(rows).toEqual([
      { account_id: bob.id, choice: 1 },
      { account_id: carol.id, choice: 1 },
    ]);
  });

  it('counts voters and votes apart on a multiple-choice poll', async () => {
    const created = await createPoll(bob, { options: ['a', 'b', 'c'], expires_in: 600, multiple: true });
    const pollId = created.body.poll.id;
    const v = await vote(carol, pollId, [0, 2]);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ multiple: true, votes_count: 2, voters_count: 1, own_votes: [0, 2] });
    expect((await vote(carol, pollId, [1])).status).toBe(422);
    expect((await vote(dave, pollId, [0, 0])).status).toBe(422);
    const d = await vote(dave, pollId, [0]);
    expect(d.body).toMatchObject({ votes_count: 3, voters_count: 2 });
    expect(d.body.options.map((o: { votes_count: number }) => o.votes_count)).toEqual([2, 0, 1]);
  });

  it('hides per-option totals with hide_totals until the poll ends', async () => {
    const created = await createPoll(alice, { options: ['yes', 'no'], expires_in: 300, hide_totals: true });
    const pollId = created.body.poll.id;
    const v = await vote(bob, pollId, [0]);
    expect(v.body.votes_count).toBe(1);
    expect(v.body.options).toEqual([
      { title: 'yes', votes_count: null },
      { title: 'no', votes_count: null },
    ]);
    await endPoll(pollId);
    const after = await t.get(`/api/v1/polls/${pollId}`, { token: bob.token });
    expect(after.body.expired).toBe(true);
    expect(after.body.options).toEqual([
      { title: 'yes', votes_count: 1 },
      { title: 'no', votes_count: 0 },
    ]);
  });

  it('refuses votes on an ended poll and notifies its voters and its author once', async () => {
    const created = await createPoll(alice, { options: ['x', 'y'], expires_in: 300 });
    const statusId: string = created.body.id;
    const pollId: string = created.body.poll.id;
    await vote(bob, pollId, [0]);
    await vote(carol, pollId, [1]);
    // Not ended yet: the sweep leaves it alone.
    await notifyEndedPolls(t.ctx);
    expect(await pollNotifications(statusId)).toEqual([]);

    await endPoll(pollId);
    const late = await vote(dave, pollId, [0]);
    expect(late.status).toBe(422);
    expect(late.body.error).toMatch(/ended/);
    // Two sweeps at once (two processes) and one after: one notification each.
    await Promise.all([notifyEndedPolls(t.ctx), notifyEndedPolls(t.ctx)]);
    await notifyEndedPolls(t.ctx);
    const expected = [alice.id, bob.id, carol.id].sort().map((id) => `${id}<-${alice.id}`);
    expect(await pollNotifications(statusId)).toEqual(expected);
    const bobs = await t.get('/api/v1/notifications?types[]=poll', { token: bob.token });
    expect(bobs.body.map((n: { status: { id: string } }) => n.status.id)).toContain(statusId);
    const mine = await t.get('/api/v1/notifications?types[]=poll', { token: alice.token });
    const n = mine.body.find((x: { status: { id: string } }) => x.status.id === statusId);
    expect(n).toMatchObject({ type: 'poll', account: { id: alice.id } });
    expect(n.status.poll).toMatchObject({ id: pollId, expired: true, votes_count: 2 });
  });

  it('hides the poll of a post the viewer may not see (404)', async () => {
    const created = await createPoll(alice, { options: ['a', 'b'], expires_in: 600 }, { visibility: 'private' });
    const pollId = created.body.poll.id;
    expect((await t.get(`/api/v1/polls/${pollId}`, { token: dave.token })).status).toBe(404);
    expect((await t.get(`/api/v1/polls/${pollId}`)).status).toBe(404);
    expect((await vote(dave, pollId, [0])).status).toBe(404);
    expect((await t.get('/api/v1/polls/999999999')).status).toBe(404);
    expect((await t.get('/api/v1/polls/nope')).status).toBe(404);
  });

  it('resets the votes when an edit changes the options, keeps them otherwise', async () => {
    const created = await createPoll(alice, { options: ['one', 'two'], expires_in: 600 });
    const id = created.body.id;
    const pollId = created.body.poll.id;
    await vote(bob, pollId, [0]);
    const same = await t.request('PUT', `/api/v1/statuses/${id}`, {
      token: alice.token,
      json: { status: 'Which one, really?', poll: { options: ['one', 'two'], expires_in: 900, hide_totals: true } },
    });
    expect(same.status).toBe(200);
    expect(same.body.poll).toMatchObject({ id: pollId, votes_count: 1, voters_count: 1 });
    expect(same.body.poll.options[0].votes_count).toBeNull();
    // Text-only edits keep the poll as it is.
    const textOnly = await t.request('PUT', `/api/v1/statuses/${id}`, { token: alice.token, json: { status: 'Which?' } });
    expect(textOnly.body.poll).toMatchObject({ id: pollId, votes_count: 1 });

    const changed = await t.request('PUT', `/api/v1/statuses/${id}`, {
      token: alice.token,
      json: { poll: { options: ['one', 'two', 'three'], expires_in: 600 } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.poll).toMatchObject({ id: pollId, votes_count: 0, voters_count: 0 });
    expect(changed.body.poll.options).toEqual([
      { title: 'one', votes_count: 0 },
      { title: 'two', votes_count: 0 },
      { title: 'three', votes_count: 0 },
    ]);
    const bobView = await t.get(`/api/v1/polls/${pollId}`, { token: bob.token });
    expect(bobView.body).toMatchObject({ voted: false, own_votes: [] });
    expect((await vote(bob, pollId, [2])).status).toBe(200);
    const bad = await t.request('PUT', `/api/v1/statuses/${id}`, { token: alice.token, json: { poll: { options: ['solo'], expires_in: 600 } } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('poll[options]');
  });

  it('keeps cached home pages fresh after a vote', async () => {
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: dave.token });
    const created = await createPoll(alice, { options: ['left', 'right'], expires_in: 600 });
    const pollOf = async () => {
      const home = await t.get('/api/v1/timelines/home', { token: dave.token });
      return home.body.find((s: { id: string }) => s.id === created.body.id)?.poll;
    };
    const { eventually } = await import('../helpers/server.js');
    await eventually(async () => expect(await pollOf()).toMatchObject({ voted: false }));
    await vote(dave, created.body.poll.id, [1]);
    expect(await pollOf()).toMatchObject({ voted: true, own_votes: [1], votes_count: 1 });
    await vote(bob, created.body.poll.id, [0]);
    expect((await pollOf()).votes_count).toBe(2);
  });

  it('screens poll options like the text: a threat in an option refuses the post', async () => {
    const stub: Classifier = {
      name: 'stub',
      version: '1',
      classify: (text) => ({ categories: { violence: text.includes('REFUSE') ? 1 : 0, glorification: 0 }, language: 'en' }),
    };
    const m = t.ctx.moderation;
    const saved = m.classifier;
    const savedRefuse = m.thresholds.violence!.refuse;
    setClassifier(t.ctx, stub);
    m.thresholds.violence!.refuse = 0.9;
    try {
      const refused = await createPoll(alice, { options: ['fine', 'REFUSE this'], expires_in: 600 });
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatch(/threat or a call to violence/);
      expect((await createPoll(alice, { options: ['fine', 'also fine'], expires_in: 600 })).status).toBe(200);
    } finally {
      setClassifier(t.ctx, saved);
      m.thresholds.violence!.refuse = savedRefuse;
    }
  });

  it('purges the poll and its votes with the post', async () => {
    const created = await createPoll(alice, { options: ['a', 'b'], expires_in: 600 });
    const pollId = created.body.poll.id;
    await vote(bob, pollId, [0]);
    expect((await t.request('DELETE', `/api/v1/statuses/${created.body.id}`, { token: alice.token })).status).toBe(200);
    expect(await t.ctx.db.selectFrom('polls').select('id').where('id', '=', pollId).execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('poll_options').select('poll_id').where('poll_id', '=', pollId).execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('poll_votes').select('id').where('poll_id', '=', pollId).execute()).toEqual([]);
    expect((await t.get(`/api/v1/polls/${pollId}`, { token: bob.token })).status).toBe(404);
  });
});
