import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followAcross } from '../helpers/federation.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Polls between two real Tribune servers on loopback, as Mastodon federates them: A's post with a poll is a
// Question; B stores it as a poll; bob's vote on B goes to A as a Note named for the option, and A counts it.
const federation = { allowPrivateAddress: true };
const AP = { accept: 'application/activity+json' };

type Poll = {
  id: string;
  expires_at: string;
  multiple: boolean;
  votes_count: number;
  voters_count: number;
  options: Array<{ title: string; votes_count: number }>;
  voted?: boolean;
  own_votes?: number[];
};
type Status = { id: string; uri: string; poll: Poll | null };

describe('polls across servers', { timeout: 300_000 }, () => {
  let a: TestServer;
  let b: TestServer;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    a = await startTestServer({ federation });
    b = await startTestServer({ federation });
    alice = await a.createUser('alice');
    bob = await b.createUser('bob');
    await followAcross(b, bob, a, 'alice');
  }, 180_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, 120_000);

  const copyOnB = (uri: string) =>
    eventually(async () => {
      const found = (await b.ok<Status[]>('GET', '/api/v1/timelines/home', bob)).find((s) => s.uri === uri);
      expect(found).toBeDefined();
      return found!;
    });

  it('sends a poll as a Question; the other server stores it and a vote there is counted here', async () => {
    const post = await a.postStatus<Status>(alice, 'tea or coffee?', { poll: { options: ['tea', 'coffee'], expires_in: 3600 } });
    const question = await a.get(`/users/alice/statuses/${post.id}`, { headers: AP });
    expect(question.body).toMatchObject({ type: 'Question', id: `${a.url}/users/alice/statuses/${post.id}`, votersCount: 0 });
    expect(Date.parse(question.body.endTime)).toBe(Date.parse(post.poll!.expires_at));
    expect([question.body.oneOf].flat().map((o: { name: string; replies: { totalItems: number } }) => [o.name, o.replies.totalItems])).toEqual([
      ['tea', 0],
      ['coffee', 0],
    ]);
    expect(question.body.anyOf).toBeUndefined();

    const copy = await copyOnB(question.body.id);
    expect(copy.poll).toMatchObject({ multiple: false, votes_count: 0, voters_count: 0, options: [{ title: 'tea' }, { title: 'coffee' }] });
    expect(Date.parse(copy.poll!.expires_at)).toBe(Date.parse(post.poll!.expires_at));

    const voted = await b.ok<Poll>('POST', `/api/v1/polls/${copy.poll!.id}/votes`, bob, { choices: [1] });
    expect(voted).toMatchObject({ voted: true, own_votes: [1], votes_count: 1, voters_count: 1 });
    await eventually(async () =>
      expect(await a.ok<Poll>('GET', `/api/v1/polls/${post.poll!.id}`, alice)).toMatchObject({
        votes_count: 1,
        voters_count: 1,
        options: [
          { title: 'tea', votes_count: 0 },
          { title: 'coffee', votes_count: 1 },
        ],
      }),
    );
    // The Question now carries the count.
    const after = await a.get(`/users/alice/statuses/${post.id}`, { headers: AP });
    expect(after.body.votersCount).toBe(1);
    expect([after.body.oneOf].flat()[1].replies.totalItems).toBe(1);
  });

  it('sends a multiple-choice poll as anyOf; each chosen option is one vote of one voter', async () => {
    const post = await a.postStatus<Status>(alice, 'which fruits?', { poll: { options: ['apple', 'pear', 'plum'], expires_in: 3600, multiple: true } });
    const question = await a.get(`/users/alice/statuses/${post.id}`, { headers: AP });
    expect(question.body.anyOf.map((o: { name: string }) => o.name)).toEqual(['apple', 'pear', 'plum']);
    const copy = await copyOnB(question.body.id);
    expect(copy.poll!.multiple).toBe(true);
    await b.ok('POST', `/api/v1/polls/${copy.poll!.id}/votes`, bob, { choices: [0, 2] });
    await eventually(async () =>
      expect(await a.ok<Poll>('GET', `/api/v1/polls/${post.poll!.id}`, alice)).toMatchObject({
        votes_count: 2,
        voters_count: 1,
        options: [{ votes_count: 1 }, { votes_count: 0 }, { votes_count: 1 }],
      }),
    );
    // A vote is a Note named for the option, not a post: nothing shows in alice's notifications as a mention.
    const notes = await a.ok<Array<{ type: string }>>('GET', '/api/v1/notifications', alice);
    expect(notes.filter((n) => n.type === 'mention')).toEqual([]);
    expect(await a.ctx.db.selectFrom('statuses').select('id').where('uri', 'is not', null).execute()).toEqual([]);
  });
});
