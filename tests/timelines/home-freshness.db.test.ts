import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../../src/moderation/classifier/types.js';
import { setClassifier } from '../../src/moderation/moderation.service.js';
import { eventually, startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Home pages are served from a per-process cache (src/api/page-cache.ts) until something they were rendered from
// changes. Each test reads home first (filling the cache), writes over HTTP, then reads the same page again at once.

interface Status {
  id: string;
  content: string;
  edited_at: string | null;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  favourited: boolean;
  reblogged: boolean;
  bookmarked: boolean;
  pinned: boolean;
  muted: boolean;
  account: { id: string; display_name: string; followers_count: number };
  reblog: Status | null;
  quote: { state: string; quoted_status: Status | null } | null;
  quote_approval: { current_user: string };
  tribune: { upvotes_count: number; vote: number };
}

describe('home timeline freshness', () => {
  let t: TestServer;
  let reader: TestUser;
  let author: TestUser;
  let other: TestUser;
  let made = 0;

  const post = async (u: TestUser, status: string, extra: Record<string, unknown> = {}) =>
    (await t.postStatus(u, status, { visibility: 'public', ...extra })).id as string;
  const follow = (u: TestUser, target: TestUser) => t.ok('POST', `/api/v1/accounts/${target.id}/follow`, u);
  const home = async (query = '', u = reader) => {
    const r = await t.get<Status[]>(`/api/v1/timelines/home${query}`, { token: u.token });
    expect(r.status).toBe(200);
    return r.body;
  };
  const homeIds = async (query = '') => (await home(query)).map((s) => s.id);
  /** The post as the reader's home page shows it (failing when it is not there). */
  const onHome = async (id: string, query = '') => {
    const s = (await home(query)).find((x) => x.id === id);
    expect(s, `post ${id} on the reader's home`).toBeDefined();
    return s!;
  };
  /** A new account the reader follows, with one post already in the reader's home. */
  const followedAuthor = async () => {
    const u = await t.createUser(`author${++made}`);
    await follow(reader, u);
    const id = await post(u, `a post by ${u.username}`);
    await eventually(async () => expect(await homeIds()).toContain(id));
    return { u, id };
  };

  beforeAll(async () => {
    t = await startTestServer();
    reader = await t.createUser('reader');
    author = await t.createUser('author');
    other = await t.createUser('other');
    await follow(reader, author);
  });
  afterAll(() => t?.close());

  it('serves two identical reads in a row with the same body', async () => {
    await post(author, 'read twice');
    const first = await t.get('/api/v1/timelines/home', { token: reader.token });
    const second = await t.get('/api/v1/timelines/home', { token: reader.token });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
  });

  it('shows a new post by someone the reader follows', async () => {
    // An author with nothing on the page yet: only the fan-out into the reader's home can make the page stale.
    const quiet = await t.createUser('quiet');
    await follow(reader, quiet);
    await home();
    const id = await post(quiet, 'fresh off the press');
    await eventually(async () => expect(await homeIds()).toContain(id));
  });

  it('shows the reader’s favourite and unfavourite at once', async () => {
    const id = await post(author, 'worth an upvote');
    expect(await onHome(id)).toMatchObject({ favourited: false, favourites_count: 0 });
    await t.ok('POST', `/api/v1/statuses/${id}/favourite`, reader);
    expect(await onHome(id)).toMatchObject({ favourited: true, favourites_count: 1 });
    await t.ok('POST', `/api/v1/statuses/${id}/unfavourite`, reader);
    expect(await onHome(id)).toMatchObject({ favourited: false, favourites_count: 0 });
  });

  it('counts someone else’s favourite at once', async () => {
    const id = await post(author, 'upvoted by a stranger');
    expect(await onHome(id)).toMatchObject({ favourited: false, favourites_count: 0 });
    await t.ok('POST', `/api/v1/statuses/${id}/favourite`, other);
    expect(await onHome(id)).toMatchObject({ favourited: false, favourites_count: 1 });
    await t.ok('POST', `/api/v1/statuses/${id}/unfavourite`, other);
    expect(await onHome(id)).toMatchObject({ favourites_count: 0 });
  });

  it('shows the reader’s echo at once and takes it away on unreblog', async () => {
    const id = await post(author, 'worth echoing');
    expect(await onHome(id)).toMatchObject({ reblogged: false, reblogs_count: 0 });
    const echo = (await t.ok('POST', `/api/v1/statuses/${id}/reblog`, reader)).id as string;
    expect(await onHome(id)).toMatchObject({ reblogged: true, reblogs_count: 1 });
    const shown = await eventually(() => onHome(echo));
    expect(shown.reblog).toMatchObject({ id, reblogged: true, reblogs_count: 1 });
    await t.ok('POST', `/api/v1/statuses/${id}/unreblog`, reader);
    const after = await homeIds();
    expect(after).not.toContain(echo);
    expect(after).toContain(id);
    expect(await onHome(id)).toMatchObject({ reblogged: false, reblogs_count: 0 });
  });

  it('counts someone else’s echo at once', async () => {
    // `other` has no followers: the echo reaches nobody's home, only the counter moves.
    const id = await post(author, 'echoed by a stranger');
    expect(await onHome(id)).toMatchObject({ reblogged: false, reblogs_count: 0 });
    await t.ok('POST', `/api/v1/statuses/${id}/reblog`, other);
    expect(await onHome(id)).toMatchObject({ reblogged: false, reblogs_count: 1 });
    await t.ok('POST', `/api/v1/statuses/${id}/unreblog`, other);
    expect(await onHome(id)).toMatchObject({ reblogs_count: 0 });
  });

  it('shows a bookmark and its removal at once', async () => {
    const id = await post(author, 'keep for later');
    expect((await onHome(id)).bookmarked).toBe(false);
    await t.ok('POST', `/api/v1/statuses/${id}/bookmark`, reader);
    expect((await onHome(id)).bookmarked).toBe(true);
    await t.ok('POST', `/api/v1/statuses/${id}/unbookmark`, reader);
    expect((await onHome(id)).bookmarked).toBe(false);
  });

  it('shows a pin of the reader’s own post and its removal at once', async () => {
    const id = await post(reader, 'my own, pinned');
    await eventually(async () => expect(await homeIds()).toContain(id));
    expect((await onHome(id)).pinned).toBe(false);
    await t.ok('POST', `/api/v1/statuses/${id}/pin`, reader);
    expect((await onHome(id)).pinned).toBe(true);
    await t.ok('POST', `/api/v1/statuses/${id}/unpin`, reader);
    expect((await onHome(id)).pinned).toBe(false);
  });

  it('shows a muted conversation and its unmuting at once', async () => {
    const id = await post(author, 'a noisy thread');
    expect((await onHome(id)).muted).toBe(false);
    await t.ok('POST', `/api/v1/statuses/${id}/mute`, reader);
    expect((await onHome(id)).muted).toBe(true);
    await t.ok('POST', `/api/v1/statuses/${id}/unmute`, reader);
    expect((await onHome(id)).muted).toBe(false);
  });

  it('counts a reply by someone else at once', async () => {
    const id = await post(author, 'what do you think?');
    expect((await onHome(id)).replies_count).toBe(0);
    const reply = await post(other, 'I think so', { in_reply_to_id: id });
    expect((await onHome(id)).replies_count).toBe(1);
    await t.ok('DELETE', `/api/v1/statuses/${reply}`, other);
    expect((await onHome(id)).replies_count).toBe(0);
  });

  it('shows the author’s edit at once', async () => {
    const id = await post(author, 'first draft');
    expect(await onHome(id)).toMatchObject({ edited_at: null });
    await t.ok('PUT', `/api/v1/statuses/${id}`, author, { status: 'second draft' });
    const s = await onHome(id);
    expect(s.content).toContain('second draft');
    expect(s.edited_at).not.toBeNull();
  });

  it('drops a post at once when the author’s edit is held for review', async () => {
    const hold: Classifier = {
      name: 'hold-stub',
      version: '1',
      classify: (text) => ({ categories: { violence: text.includes('HOLD') ? 0.5 : 0, glorification: 0 }, language: 'en' }),
    };
    const saved = t.ctx.moderation.classifier;
    const id = await post(author, 'harmless at first');
    expect(await homeIds()).toContain(id);
    setClassifier(t.ctx, hold);
    try {
      const edited = await t.ok('PUT', `/api/v1/statuses/${id}`, author, { status: 'HOLD this edit' });
      expect(edited.tribune.moderation_state).toBe('pending');
    } finally {
      setClassifier(t.ctx, saved);
    }
    expect(await homeIds()).not.toContain(id);
  });

  it('drops a post its author deleted at once', async () => {
    const id = await post(author, 'regrettable');
    expect(await homeIds()).toContain(id);
    await t.ok('DELETE', `/api/v1/statuses/${id}`, author);
    expect(await homeIds()).not.toContain(id);
  });

  it('shows the author’s new display name at once', async () => {
    const id = await post(author, 'under a new name');
    expect((await onHome(id)).account.display_name).not.toBe('Renamed Author');
    await t.ok('PATCH', '/api/v1/accounts/update_credentials', author, { display_name: 'Renamed Author' });
    expect((await onHome(id)).account.display_name).toBe('Renamed Author');
  });

  it('counts a new follower of the author at once', async () => {
    const id = await post(author, 'follow me');
    const before = (await onHome(id)).account.followers_count;
    const fan = await t.createUser('fan');
    await follow(fan, author);
    expect((await onHome(id)).account.followers_count).toBe(before + 1);
    await t.ok('POST', `/api/v1/accounts/${author.id}/unfollow`, fan);
    expect((await onHome(id)).account.followers_count).toBe(before);
  });

  it('drops an author’s posts when the reader unfollows, and brings them back on follow', async () => {
    const { u, id } = await followedAuthor();
    await t.ok('POST', `/api/v1/accounts/${u.id}/unfollow`, reader);
    expect(await homeIds()).not.toContain(id);
    await follow(reader, u);
    await eventually(async () => expect(await homeIds()).toContain(id));
  });

  it('drops an author’s posts at once when the author removes the reader from their followers', async () => {
    const { u, id } = await followedAuthor();
    await t.ok('POST', `/api/v1/accounts/${reader.id}/remove_from_followers`, u);
    expect(await homeIds()).not.toContain(id);
  });

  it('brings a locked author’s posts in when they accept the reader’s follow request', async () => {
    const locked = await t.createUser('locked', { locked: true });
    const id = await post(locked, 'for my followers');
    expect((await follow(reader, locked)).requested).toBe(true);
    expect(await homeIds()).not.toContain(id);
    await t.ok('POST', `/api/v1/follow_requests/${reader.id}/authorize`, locked);
    await eventually(async () => expect(await homeIds()).toContain(id));
  });

  it('drops an author’s posts at once when the reader blocks them', async () => {
    const { u, id } = await followedAuthor();
    await t.ok('POST', `/api/v1/accounts/${u.id}/block`, reader);
    expect(await homeIds()).not.toContain(id);
  });

  it('drops an author’s posts at once when the author blocks the reader', async () => {
    const { u, id } = await followedAuthor();
    await t.ok('POST', `/api/v1/accounts/${reader.id}/block`, u);
    expect(await homeIds()).not.toContain(id);
  });

  it('drops an author’s posts when the reader mutes them, and brings them back on unmute', async () => {
    const { u, id } = await followedAuthor();
    await t.ok('POST', `/api/v1/accounts/${u.id}/mute`, reader);
    expect(await homeIds()).not.toContain(id);
    await t.ok('POST', `/api/v1/accounts/${u.id}/unmute`, reader);
    expect(await homeIds()).toContain(id);
  });

  it('shows votes on a reply at once', async () => {
    const parent = await post(author, 'a question');
    const reply = await post(author, 'an answer to it', { in_reply_to_id: parent });
    await eventually(async () => expect(await homeIds()).toContain(reply));
    expect((await onHome(reply)).tribune).toMatchObject({ upvotes_count: 0, vote: 0 });
    await t.ok('POST', `/api/v1/statuses/${reply}/upvote`, reader);
    expect((await onHome(reply)).tribune).toMatchObject({ upvotes_count: 1, vote: 1 });
    await t.ok('POST', `/api/v1/statuses/${reply}/upvote`, other);
    expect((await onHome(reply)).tribune).toMatchObject({ upvotes_count: 2, vote: 1 });
    await t.ok('POST', `/api/v1/statuses/${reply}/unvote`, reader);
    expect((await onHome(reply)).tribune).toMatchObject({ upvotes_count: 1, vote: 0 });
  });

  it('shows a quote as revoked at once when the quoted author detaches it', async () => {
    const quoted = await post(other, 'quote me if you dare');
    const quoting = await post(author, 'look at this', { quoted_status_id: quoted });
    await eventually(async () => expect(await homeIds()).toContain(quoting));
    expect((await onHome(quoting)).quote).toMatchObject({ state: 'accepted', quoted_status: { id: quoted } });
    await t.ok('POST', `/api/v1/statuses/${quoted}/quotes/${quoting}/revoke`, other);
    expect((await onHome(quoting)).quote).toEqual({ state: 'revoked', quoted_status: null });
  });

  it('shows the author’s new quote policy at once', async () => {
    const id = await post(author, 'quotable for now');
    expect((await onHome(id)).quote_approval.current_user).toBe('automatic');
    await t.ok('PUT', `/api/v1/statuses/${id}/interaction_policy`, author, { quote_approval_policy: 'nobody' });
    expect((await onHome(id)).quote_approval.current_user).toBe('denied');
  });

  it('keeps the first and the next page fresh after a favourite', async () => {
    const [p1, p2, p3, p4] = [await post(author, 'page 1'), await post(author, 'page 2'), await post(author, 'page 3'), await post(author, 'page 4')];
    const first = '?limit=2';
    const next = `?limit=2&max_id=${p3}`;
    expect(await homeIds(first)).toEqual([p4, p3]);
    expect(await homeIds(next)).toEqual([p2, p1]);
    await t.ok('POST', `/api/v1/statuses/${p3}/favourite`, reader);
    await t.ok('POST', `/api/v1/statuses/${p1}/favourite`, other);
    expect(await onHome(p3!, first)).toMatchObject({ favourited: true, favourites_count: 1 });
    expect(await onHome(p1!, next)).toMatchObject({ favourited: false, favourites_count: 1 });
  });

  it('drops a post a moderator removed at once', async () => {
    const mod = await t.createUser('mod', { role: 'moderator' });
    const { u, id } = await followedAuthor();
    const report = await t.ok('POST', '/api/v1/reports', reader, { account_id: u.id, status_ids: [id], category: 'violation', rule_ids: ['1'] });
    const caseId = (await t.ok('GET', `/api/v1/admin/reports/${report.id}`, mod)).tribune_case_id as string;
    expect(await homeIds()).toContain(id);
    await t.ok('POST', `/api/v1/admin/tribune/cases/${caseId}/decide`, mod, { action: 'remove', rule: '1', reason: 'Breaks rule 1' });
    expect(await homeIds()).not.toContain(id);
  });
});

describe('home timeline without the page cache', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ homeCacheBytes: 0 });
  });
  afterAll(() => t?.close());

  it('still shows new posts and counters with homeCacheBytes 0', async () => {
    const reader = await t.createUser('reader');
    const author = await t.createUser('author');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
    const id = (await t.post('/api/v1/statuses', { token: author.token, json: { status: 'no cache here' } })).body.id as string;
    const find = async () => ((await t.get('/api/v1/timelines/home', { token: reader.token })).body as Status[]).find((s) => s.id === id);
    await eventually(async () => expect(await find()).toMatchObject({ favourites_count: 0 }));
    expect((await t.post(`/api/v1/statuses/${id}/favourite`, { token: reader.token })).status).toBe(200);
    expect(await find()).toMatchObject({ favourited: true, favourites_count: 1 });
  });
});
