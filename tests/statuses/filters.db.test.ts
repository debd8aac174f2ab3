import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestStream } from '../e2e/stream-client.js';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

// Keyword filters (Mastodon's v2 filters and the v1 API over them), applied where posts are shown.

interface FilterResult {
  filter: { id: string; title: string; filter_action: string; context: string[] };
  keyword_matches: string[] | null;
  status_matches: string[] | null;
}
interface Status {
  id: string;
  filtered?: FilterResult[];
  reblog: Status | null;
}

describe('keyword filters', () => {
  let t: TestServer;
  let author: TestUser;
  let made = 0;

  const post = async (u: TestUser, status: string, extra: Record<string, unknown> = {}) =>
    (await t.postStatus(u, status, { visibility: 'public', ...extra })).id as string;
  /** A new reader following the author, so filters of one test do not leak into another. */
  const newReader = async () => {
    const u = await t.createUser(`reader${++made}`);
    await t.ok('POST', `/api/v1/accounts/${author.id}/follow`, u);
    return u;
  };
  const timeline = async (u: TestUser, path: string) => (await t.ok('GET', path, u)) as Status[];
  const home = (u: TestUser) => timeline(u, '/api/v1/timelines/home?limit=40');
  const pub = (u: TestUser) => timeline(u, '/api/v1/timelines/public?limit=40');
  const find = (list: Status[], id: string) => list.find((s) => s.id === id);
  const filter = (u: TestUser, body: Record<string, unknown>) => t.ok('POST', '/api/v2/filters', u, body);

  beforeAll(async () => {
    t = await startTestServer();
    author = await t.createUser('author');
  });
  afterAll(() => t?.close());

  it('creates, reads, updates and deletes a filter with its keywords and posts', async () => {
    const me = await newReader();
    const created = await filter(me, {
      title: 'Spoilers',
      context: ['home', 'thread'],
      filter_action: 'warn',
      keywords_attributes: [{ keyword: 'finale' }, { keyword: 'ending', whole_word: false }],
    });
    expect(created).toMatchObject({ title: 'Spoilers', context: ['home', 'thread'], filter_action: 'warn', expires_at: null, statuses: [] });
    expect(created.keywords.map((k: { keyword: string; whole_word: boolean }) => [k.keyword, k.whole_word])).toEqual([
      ['finale', true],
      ['ending', false],
    ]);
    expect(await t.ok('GET', '/api/v2/filters', me)).toEqual([created]);
    expect(await t.ok('GET', `/api/v2/filters/${created.id}`, me)).toEqual(created);

    const [finale, ending] = created.keywords as Array<{ id: string }>;
    const updated = await t.ok('PUT', `/api/v2/filters/${created.id}`, me, {
      title: 'TV spoilers',
      filter_action: 'blur',
      expires_in: 3600,
      keywords_attributes: [{ id: finale!.id, whole_word: false }, { id: ending!.id, _destroy: true }, { keyword: 'season' }],
    });
    expect(updated).toMatchObject({ title: 'TV spoilers', filter_action: 'blur', context: ['home', 'thread'] });
    expect(Date.parse(updated.expires_at) - Date.now()).toBeGreaterThan(3500_000);
    expect(updated.keywords.map((k: { keyword: string; whole_word: boolean }) => [k.keyword, k.whole_word])).toEqual([
      ['finale', false],
      ['season', true],
    ]);

    // Keywords by themselves.
    const added = await t.ok('POST', `/api/v2/filters/${created.id}/keywords`, me, { keyword: 'cliffhanger', whole_word: true });
    expect(added).toMatchObject({ keyword: 'cliffhanger', whole_word: true });
    expect((await t.ok('GET', `/api/v2/filters/${created.id}/keywords`, me)).map((k: { keyword: string }) => k.keyword)).toEqual([
      'finale',
      'season',
      'cliffhanger',
    ]);
    expect(await t.ok('PUT', `/api/v2/filters/keywords/${added.id}`, me, { keyword: 'plot twist' })).toMatchObject({ id: added.id, keyword: 'plot twist' });
    expect(await t.ok('GET', `/api/v2/filters/keywords/${added.id}`, me)).toMatchObject({ keyword: 'plot twist', whole_word: true });
    await t.ok('DELETE', `/api/v2/filters/keywords/${added.id}`, me);
    expect((await t.get(`/api/v2/filters/keywords/${added.id}`, { token: me.token })).status).toBe(404);

    // Posts by themselves.
    const target = await post(author, 'a post to filter by itself');
    const fs = await t.ok('POST', `/api/v2/filters/${created.id}/statuses`, me, { status_id: target });
    expect(fs).toMatchObject({ status_id: target });
    const twice = await t.post(`/api/v2/filters/${created.id}/statuses`, { token: me.token, json: { status_id: target } });
    expect(twice.status).toBe(422);
    expect(twice.body.error).toContain('status_id');
    expect(await t.ok('GET', `/api/v2/filters/${created.id}/statuses`, me)).toEqual([fs]);
    expect(await t.ok('GET', `/api/v2/filters/statuses/${fs.id}`, me)).toEqual(fs);
    expect((await t.ok('GET', `/api/v2/filters/${created.id}`, me)).statuses).toEqual([fs]);
    await t.ok('DELETE', `/api/v2/filters/statuses/${fs.id}`, me);
    expect(await t.ok('GET', `/api/v2/filters/${created.id}/statuses`, me)).toEqual([]);

    await t.ok('DELETE', `/api/v2/filters/${created.id}`, me);
    expect((await t.get(`/api/v2/filters/${created.id}`, { token: me.token })).status).toBe(404);
    expect(await t.ok('GET', '/api/v2/filters', me)).toEqual([]);
  });

  it('refuses invalid filters with a 422 naming the field', async () => {
    const me = await newReader();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ context: ['home'] }, 'title'],
      [{ title: '  ', context: ['home'] }, 'title'],
      [{ title: 'x', context: [] }, 'context'],
      [{ title: 'x' }, 'context'],
      [{ title: 'x', context: ['home', 'everywhere'] }, 'context'],
      [{ title: 'x', context: ['home'], filter_action: 'explode' }, 'filter_action'],
      [{ title: 'x', context: ['home'], keywords_attributes: [{ keyword: ' ' }] }, 'keyword'],
      [{ title: 'x', context: ['home'], expires_in: -5 }, 'expires_in'],
    ];
    for (const [body, field] of cases) {
      const r = await t.post('/api/v2/filters', { token: me.token, json: body });
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(typeof r.body.error).toBe('string');
      expect(r.body.error, JSON.stringify(body)).toContain(field);
    }
    // Form-encoded, as many clients send it.
    const form = await t.post('/api/v2/filters', {
      token: me.token,
      form: [
        ['title', 'Form'],
        ['context[]', 'home'],
        ['context[]', 'public'],
        ['keywords_attributes[0][keyword]', 'formed'],
        ['keywords_attributes[0][whole_word]', 'false'],
      ],
    });
    expect(form.status, form.text).toBe(200);
    expect(form.body).toMatchObject({ title: 'Form', context: ['home', 'public'], keywords: [{ keyword: 'formed', whole_word: false }] });
    const bad = await t.request('PUT', `/api/v2/filters/${form.body.id}`, { token: me.token, json: { context: [] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('context');
    expect((await t.get('/api/v2/filters')).status).toBe(401);
    expect(await t.ok('GET', '/api/v2/filters', me)).toHaveLength(1);
  });

  it('answers 404 for someone else’s filter, keywords and posts, and does not apply it to them', async () => {
    const owner = await newReader();
    const stranger = await newReader();
    const f = await filter(owner, { title: 'Mine', context: ['home', 'public'], keywords_attributes: [{ keyword: 'turnip' }] });
    const id = await post(author, 'a turnip for everyone');
    const fs = await t.ok('POST', `/api/v2/filters/${f.id}/statuses`, owner, { status_id: id });
    const kw = f.keywords[0].id as string;
    for (const [method, path, json] of [
      ['GET', `/api/v2/filters/${f.id}`],
      ['PUT', `/api/v2/filters/${f.id}`, { title: 'Theirs' }],
      ['DELETE', `/api/v2/filters/${f.id}`],
      ['GET', `/api/v2/filters/${f.id}/keywords`],
      ['POST', `/api/v2/filters/${f.id}/keywords`, { keyword: 'x' }],
      ['GET', `/api/v2/filters/keywords/${kw}`],
      ['PUT', `/api/v2/filters/keywords/${kw}`, { keyword: 'x' }],
      ['DELETE', `/api/v2/filters/keywords/${kw}`],
      ['GET', `/api/v2/filters/${f.id}/statuses`],
      ['POST', `/api/v2/filters/${f.id}/statuses`, { status_id: id }],
      ['GET', `/api/v2/filters/statuses/${fs.id}`],
      ['DELETE', `/api/v2/filters/statuses/${fs.id}`],
      ['GET', `/api/v1/filters/${kw}`],
      ['PUT', `/api/v1/filters/${kw}`, { phrase: 'x' }],
      ['DELETE', `/api/v1/filters/${kw}`],
    ] as Array<[string, string, unknown?]>) {
      const r = await t.request(method, path, { token: stranger.token, json });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body).toEqual({ error: expect.any(String) });
    }
    expect(await t.ok('GET', '/api/v2/filters', stranger)).toEqual([]);
    expect(find(await pub(stranger), id)?.filtered).toEqual([]);
    expect(find(await pub(owner), id)?.filtered?.map((r) => r.filter.title)).toEqual(['Mine']);
    // Nothing was changed by the stranger's attempts.
    expect(await t.ok('GET', `/api/v2/filters/${f.id}`, owner)).toMatchObject({ title: 'Mine', keywords: [{ keyword: 'turnip' }], statuses: [fs] });
  });

  it('marks matching posts with a warn filter where its context applies, at once on a cached home page', async () => {
    const me = await newReader();
    const root = await post(author, 'What shall we cook tonight?');
    const id = await post(author, 'Broccoli, obviously', { in_reply_to_id: root });
    const plain = await post(author, 'Nothing to see here');
    // Read home first: the page is cached, and creating the filter must make it stale.
    expect(find(await home(me), id)?.filtered).toEqual([]);
    const f = await filter(me, { title: 'Greens', context: ['home'], keywords_attributes: [{ keyword: 'broccoli' }] });

    const onHome = find(await home(me), id);
    expect(onHome?.filtered).toEqual([
      {
        filter: { id: f.id, title: 'Greens', context: ['home'], expires_at: null, filter_action: 'warn' },
        keyword_matches: ['broccoli'],
        status_matches: null,
      },
    ]);
    expect(find(await home(me), plain)?.filtered).toEqual([]);
    // Lists are shown under the home context, as in Mastodon.
    const list = await t.ok('POST', '/api/v1/lists', me, { title: 'Cooks' });
    await t.ok('POST', `/api/v1/lists/${list.id}/accounts`, me, { account_ids: [author.id] });
    expect(find(await timeline(me, `/api/v1/timelines/list/${list.id}`), id)?.filtered?.[0]?.filter.id).toBe(f.id);
    // Not in the contexts it was not given.
    expect(find(await pub(me), id)?.filtered).toEqual([]);
    const thread = await t.ok('GET', `/api/v1/statuses/${root}/context`, me);
    expect(find(thread.descendants, id)?.filtered).toEqual([]);
    expect(find(await timeline(me, `/api/v1/accounts/${author.id}/statuses`), id)?.filtered).toEqual([]);

    await t.ok('PUT', `/api/v2/filters/${f.id}`, me, { context: ['home', 'public', 'thread', 'account'] });
    expect(find(await pub(me), id)?.filtered?.[0]).toMatchObject({ filter: { id: f.id }, keyword_matches: ['broccoli'] });
    const thread2 = await t.ok('GET', `/api/v1/statuses/${root}/context`, me);
    expect(find(thread2.descendants, id)?.filtered?.[0]?.filter.id).toBe(f.id);
    expect(find(await timeline(me, `/api/v1/accounts/${author.id}/statuses`), id)?.filtered?.[0]?.filter.id).toBe(f.id);
    expect(find(await timeline(me, '/api/v1/timelines/tag/nothing'), id)).toBeUndefined();

    // A filtered post by itself (status_matches), and an echo of it is filtered too.
    await t.ok('POST', `/api/v2/filters/${f.id}/statuses`, me, { status_id: plain });
    const byPost = find(await home(me), plain);
    expect(byPost?.filtered?.[0]).toMatchObject({ keyword_matches: null, status_matches: [plain] });
    const echoer = await t.createUser(`echoer${++made}`);
    await t.ok('POST', `/api/v1/accounts/${echoer.id}/follow`, me);
    const echo = (await t.ok('POST', `/api/v1/statuses/${id}/reblog`, echoer)).id as string;
    const echoed = find(await home(me), echo);
    expect(echoed?.filtered?.[0]?.keyword_matches).toEqual(['broccoli']);
    expect(echoed?.reblog?.filtered?.[0]?.keyword_matches).toEqual(['broccoli']);

    // Deleting the filter shows the posts plainly again, at once.
    await t.ok('DELETE', `/api/v2/filters/${f.id}`, me);
    expect(find(await home(me), id)?.filtered).toEqual([]);
  });

  it('leaves out posts matching a hide filter, in timelines, threads and notifications', async () => {
    const me = await newReader();
    const root = await post(author, 'A question for the crowd');
    const id = await post(author, `@${me.username} the durian answer`, { in_reply_to_id: root });
    const kept = await post(author, 'an apple answer', { in_reply_to_id: root });
    const notifiedIds = async () => ((await t.ok('GET', '/api/v1/notifications', me)) as Array<{ status?: { id: string } }>).map((n) => n.status?.id);
    expect((await home(me)).map((s) => s.id)).toContain(id);
    expect(await notifiedIds()).toContain(id);

    const f = await filter(me, {
      title: 'No durian',
      context: ['home', 'public', 'thread', 'notifications', 'account'],
      filter_action: 'hide',
      keywords_attributes: [{ keyword: 'DURIAN' }],
    });
    const homeIds = (await home(me)).map((s) => s.id);
    expect(homeIds).not.toContain(id);
    expect(homeIds).toContain(kept);
    expect((await pub(me)).map((s) => s.id)).not.toContain(id);
    expect((await timeline(me, `/api/v1/accounts/${author.id}/statuses`)).map((s) => s.id)).not.toContain(id);
    const thread = await t.ok('GET', `/api/v1/statuses/${root}/context`, me);
    expect(thread.descendants.map((s: Status) => s.id)).toEqual([kept]);
    expect(await notifiedIds()).not.toContain(id);
    // Others still see it.
    expect((await pub(author)).map((s) => s.id)).toContain(id);

    // warn instead of hide: back, marked.
    await t.ok('PUT', `/api/v2/filters/${f.id}`, me, { filter_action: 'warn' });
    expect(find(await home(me), id)?.filtered?.[0]?.filter.filter_action).toBe('warn');
    expect(await notifiedIds()).toContain(id);
  });

  it('matches whole words with Unicode word boundaries, substrings otherwise, ignoring case', async () => {
    const me = await newReader();
    const cafe = await post(author, 'Le CAFÉ est prêt.');
    const cafes = await post(author, 'Les cafés sont fermés');
    const decaf = await post(author, 'Un décaféiné, merci');
    const cw = await post(author, 'rien à voir', { spoiler_text: 'au café' });
    const ete = await post(author, "l'été arrive");
    const etes = await post(author, 'vous êtes là');
    const whole = await filter(me, {
      title: 'Mot entier',
      context: ['public'],
      keywords_attributes: [
        { keyword: 'café', whole_word: true },
        { keyword: 'été', whole_word: true },
      ],
    });
    const titles = async (id: string) => (find(await pub(me), id)?.filtered ?? []).map((r) => r.filter.title);
    expect(await titles(cafe)).toEqual(['Mot entier']);
    expect(await titles(cafes)).toEqual([]);
    expect(await titles(decaf)).toEqual([]);
    expect(await titles(cw)).toEqual(['Mot entier']);
    expect(await titles(ete)).toEqual(['Mot entier']);
    expect(await titles(etes)).toEqual([]);

    await t.ok('DELETE', `/api/v2/filters/${whole.id}`, me);
    await filter(me, { title: 'Partout', context: ['public'], keywords_attributes: [{ keyword: 'Café', whole_word: false }] });
    expect(await titles(cafe)).toEqual(['Partout']);
    expect(await titles(cafes)).toEqual(['Partout']);
    expect(await titles(decaf)).toEqual(['Partout']);
    expect(await titles(ete)).toEqual([]);
    expect(find(await pub(me), cafes)?.filtered?.[0]?.keyword_matches).toEqual(['Café']);
  });

  it('ignores a filter once it has expired', async () => {
    const me = await newReader();
    const id = await post(author, 'pineapple on pizza');
    const f = await filter(me, { title: 'Pizza', context: ['home', 'public'], expires_in: 3600, keywords_attributes: [{ keyword: 'pineapple' }] });
    expect(find(await pub(me), id)?.filtered).toHaveLength(1);
    expect(find(await home(me), id)?.filtered).toHaveLength(1);
    await t.ctx.db
      .updateTable('filters')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', f.id)
      .execute();
    expect(find(await pub(me), id)?.filtered).toEqual([]);
    // Home is cached per reader up to a minute: a change of anything on it renders it again.
    await t.ok('POST', `/api/v1/statuses/${id}/bookmark`, me);
    expect(find(await home(me), id)?.filtered).toEqual([]);
    // Still listed, with its expiry.
    expect((await t.ok('GET', `/api/v2/filters/${f.id}`, me)).expires_at).not.toBeNull();
  });

  it('keeps the v1 filters API working over v2 filters', async () => {
    const me = await newReader();
    const id = await post(author, 'kale smoothie time');
    const v1 = await t.ok('POST', '/api/v1/filters', me, { phrase: 'kale', context: ['home'], whole_word: true });
    expect(v1).toMatchObject({ phrase: 'kale', context: ['home'], whole_word: true, irreversible: false, expires_at: null });
    expect(await t.ok('GET', '/api/v1/filters', me)).toEqual([v1]);
    expect(await t.ok('GET', `/api/v1/filters/${v1.id}`, me)).toEqual(v1);
    const [v2] = await t.ok('GET', '/api/v2/filters', me);
    expect(v2).toMatchObject({ title: 'kale', filter_action: 'warn', context: ['home'], keywords: [{ id: v1.id, keyword: 'kale', whole_word: true }] });
    expect(find(await home(me), id)?.filtered?.[0]?.filter.id).toBe(v2.id);

    const hidden = await t.ok('PUT', `/api/v1/filters/${v1.id}`, me, { irreversible: true, whole_word: false });
    expect(hidden).toMatchObject({ id: v1.id, irreversible: true, whole_word: false });
    expect((await t.ok('GET', `/api/v2/filters/${v2.id}`, me)).filter_action).toBe('hide');
    expect((await home(me)).map((s) => s.id)).not.toContain(id);

    const missing = await t.post('/api/v1/filters', { token: me.token, json: { context: ['home'] } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toContain('phrase');

    // A v2 filter with several keywords shows as several v1 filters, and cannot be changed as a whole through v1.
    const multi = await filter(me, { title: 'Two', context: ['public'], keywords_attributes: [{ keyword: 'one' }, { keyword: 'two' }] });
    expect((await t.ok('GET', '/api/v1/filters', me)).map((f: { phrase: string }) => f.phrase)).toEqual(['kale', 'one', 'two']);
    const refused = await t.request('PUT', `/api/v1/filters/${multi.keywords[0].id}`, { token: me.token, json: { context: ['home'] } });
    expect(refused.status).toBe(422);
    expect(await t.ok('PUT', `/api/v1/filters/${multi.keywords[0].id}`, me, { phrase: 'uno' })).toMatchObject({ phrase: 'uno', context: ['public'] });

    await t.ok('DELETE', `/api/v1/filters/${v1.id}`, me);
    expect((await t.get(`/api/v1/filters/${v1.id}`, { token: me.token })).status).toBe(404);
    expect((await t.get(`/api/v2/filters/${v2.id}`, { token: me.token })).status).toBe(404);
    expect((await home(me)).map((s) => s.id)).toContain(id);
  });

  it('marks a post asked for by id with thread filters, and answers it even when a filter hides it', async () => {
    const me = await newReader();
    const id = await post(author, 'the mango question');
    const other = await post(author, 'the plum question');
    const one = () => t.ok('GET', `/api/v1/statuses/${id}`, me) as Promise<Status>;
    const several = async () => (await t.ok('GET', `/api/v1/statuses?id[]=${id}&id[]=${other}`, me)) as Status[];
    const f = await filter(me, { title: 'Fruit', context: ['home'], keywords_attributes: [{ keyword: 'mango' }] });
    // Not in the thread context: plain.
    expect((await one()).filtered).toEqual([]);
    await t.ok('PUT', `/api/v2/filters/${f.id}`, me, { context: ['thread'] });
    expect((await one()).filtered?.map((r) => r.filter.id)).toEqual([f.id]);
    expect((await several()).map((s) => [s.id, s.filtered?.length])).toEqual([
      [id, 1],
      [other, 0],
    ]);
    // hide: still answered, marked with the hide filter (a 404 would say the post is gone).
    await t.ok('PUT', `/api/v2/filters/${f.id}`, me, { filter_action: 'hide' });
    expect((await one()).filtered?.[0]?.filter.filter_action).toBe('hide');
    expect((await several()).map((s) => s.id)).toEqual([id, other]);
    // The author is never filtered by someone else's filter, nor anonymous readers.
    expect((await t.ok('GET', `/api/v1/statuses/${id}`, author)).filtered).toEqual([]);
    expect((await t.get(`/api/v1/statuses/${id}`)).body.filtered).toBeUndefined();
  });

  it('matches poll options', async () => {
    const me = await newReader();
    const id = await post(author, 'Which one for dinner?', { poll: { options: ['Lasagne', 'Quinoa bowl'], expires_in: 3600 } });
    const plain = await post(author, 'Which one for lunch?', { poll: { options: ['Soup', 'Salad'], expires_in: 3600 } });
    await filter(me, { title: 'Grains', context: ['public'], keywords_attributes: [{ keyword: 'quinoa' }] });
    expect(find(await pub(me), id)?.filtered?.[0]?.keyword_matches).toEqual(['quinoa']);
    expect(find(await pub(me), plain)?.filtered).toEqual([]);
    await filter(me, { title: 'No soup', context: ['public'], filter_action: 'hide', keywords_attributes: [{ keyword: 'soup' }] });
    expect((await pub(me)).map((s) => s.id)).not.toContain(plain);
  });

  it('marks the last post of a conversation with thread filters, keeping the conversation when one hides it', async () => {
    const me = await newReader();
    const id = await post(author, `@${me.username} a secret about the artichoke`, { visibility: 'direct' });
    const conversation = async () =>
      ((await t.ok('GET', '/api/v1/conversations', me)) as Array<{ last_status: Status | null }>).find((c) => c.last_status?.id === id)?.last_status;
    expect((await conversation())?.filtered).toEqual([]);
    const f = await filter(me, { title: 'Veg', context: ['home', 'public'], keywords_attributes: [{ keyword: 'artichoke' }] });
    expect((await conversation())?.filtered).toEqual([]);
    await t.ok('PUT', `/api/v2/filters/${f.id}`, me, { context: ['thread'], filter_action: 'hide' });
    expect((await conversation())?.filtered?.map((r) => [r.filter.id, r.filter.filter_action])).toEqual([[f.id, 'hide']]);
  });

  it('leaves bookmarks, favourites and search results unmarked, as no filter context covers them', async () => {
    const me = await newReader();
    const id = await post(author, 'a zucchini to remember');
    await t.ok('POST', `/api/v1/statuses/${id}/bookmark`, me);
    await t.ok('POST', `/api/v1/statuses/${id}/favourite`, me);
    await filter(me, {
      title: 'Everywhere',
      context: ['home', 'notifications', 'public', 'thread', 'account'],
      filter_action: 'hide',
      keywords_attributes: [{ keyword: 'zucchini' }],
    });
    expect(find(await home(me), id)).toBeUndefined();
    // The reader kept or searched for these posts themselves: shown, plain.
    expect(find(await timeline(me, '/api/v1/bookmarks'), id)?.filtered).toEqual([]);
    expect(find(await timeline(me, '/api/v1/favourites'), id)?.filtered).toEqual([]);
    const found = (await t.ok('GET', '/api/v2/search?q=zucchini&type=statuses', me)).statuses as Status[];
    expect(find(found, id)?.filtered).toEqual([]);
  });

  it('leaves hide matches off the home and public streams and marks warn matches there', async () => {
    const me = await newReader();
    const ws = t.url.replace(/^http/, 'ws');
    const homeStream = await TestStream.open(`${ws}/api/v1/streaming?access_token=${me.token}&stream=user`);
    const publicStream = await TestStream.open(`${ws}/api/v1/streaming?access_token=${me.token}&stream=public`);
    try {
      await filter(me, { title: 'No leeks', context: ['home', 'public'], filter_action: 'hide', keywords_attributes: [{ keyword: 'leek' }] });
      const warn = await filter(me, { title: 'Radish?', context: ['home'], keywords_attributes: [{ keyword: 'radish' }] });
      const hidden = await post(author, 'leek soup again');
      const warned = await post(author, 'a radish salad');
      const last = await post(author, 'nothing special');
      const updates = async (s: TestStream) => {
        await s.next((m) => m.event === 'update' && JSON.parse(m.payload!).id === last);
        return new Map(s.messages.filter((m) => m.event === 'update').map((m) => [JSON.parse(m.payload!).id, JSON.parse(m.payload!) as Status]));
      };
      const onHome = await updates(homeStream);
      expect(onHome.has(hidden)).toBe(false);
      expect(onHome.get(warned)?.filtered?.map((r) => [r.filter.id, r.keyword_matches])).toEqual([[warn.id, ['radish']]]);
      expect(onHome.get(last)?.filtered).toEqual([]);
      // Public: the warn filter has no public context; the hide one does.
      const onPublic = await updates(publicStream);
      expect(onPublic.has(hidden)).toBe(false);
      expect(onPublic.get(warned)?.filtered).toEqual([]);
      expect(onPublic.has(last)).toBe(true);

      // A public-context warn filter marks the next public update for this reader only.
      const seen = await TestStream.open(`${ws}/api/v1/streaming?access_token=${author.token}&stream=public`);
      try {
        await t.ok('PUT', `/api/v2/filters/${warn.id}`, me, { context: ['home', 'public'] });
        const again = await post(author, 'radish, the sequel');
        const mine = await publicStream.next((m) => m.event === 'update' && JSON.parse(m.payload!).id === again);
        expect((JSON.parse(mine.payload!) as Status).filtered?.[0]?.filter.id).toBe(warn.id);
        const theirs = await seen.next((m) => m.event === 'update' && JSON.parse(m.payload!).id === again);
        expect((JSON.parse(theirs.payload!) as Status).filtered).toEqual([]);
      } finally {
        await seen.close();
      }
    } finally {
      await homeStream.close();
      await publicStream.close();
    }
  });
});
