import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../../../tests/helpers/query-count.js';
import { startTestServer, type TestServer, type TestUser } from '../../../tests/helpers/server.js';
import { linkCard, saveCard } from '../cards/cards.store.js';
import { loadStatuses, loadStatusesByIds } from './status-loader.js';
import { findStatuses } from './statuses.store.js';

// The loader reads a page of posts in a fixed number of statements whatever the page holds: a post with
// everything (echoed, quoting, poll, media, card, mentions, tags, application) costs what forty varied ones do.
describe('status loader', () => {
  let t: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let vic: TestUser;
  const page: string[] = [];
  // An echo of a quote (with media) of a post with a poll, a card, a mention, a tag and an application.
  let rich: string;

  const post = async (u: TestUser, status: string, extra: Record<string, unknown> = {}) => (await t.postStatus<{ id: string }>(u, status, extra)).id;
  const echo = async (u: TestUser, id: string) => (await t.ok<{ id: string }>('POST', `/api/v1/statuses/${id}/reblog`, u)).id;
  const act = (u: TestUser, id: string, action: string) => t.ok('POST', `/api/v1/statuses/${id}/${action}`, u);
  const withCard = async (statusId: string) => {
    const id = t.ctx.ids.next();
    const empty = { description: '', author_name: '', provider_name: '', image_url: null, width: 0, height: 0, language: null, error: null };
    await saveCard(t.ctx.db, { id, url: `https://example.test/${id}`, title: 'A page', type: 'link', fetched_at: new Date().toISOString(), ...empty });
    await linkCard(t.ctx.db, statusId, id);
  };
  const byApp = (statusId: string, appId: string) => t.ctx.db.updateTable('statuses').set({ application_id: appId }).where('id', '=', statusId).execute();
  const load = (ids: string[], viewer: string | null, coldParts = true) =>
    countStatements(t.ctx, (ctx) => loadStatusesByIds(ctx, ids, viewer, viewer ? { filterContext: 'home' } : {}), { coldParts });

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser('alice');
    bob = await t.createUser('bob');
    vic = await t.createUser('vic');
    await t.ok('POST', `/api/v1/accounts/${alice.id}/follow`, vic);
    await t.ok('POST', `/api/v1/accounts/${bob.id}/follow`, vic);
    await t.ok('POST', '/api/v2/filters', vic, { title: 'Spoilers', context: ['home'], filter_action: 'warn', keywords_attributes: [{ keyword: 'spoiler' }] });
    const app = (await t.post<{ id: string }>('/api/v1/apps', { json: { client_name: 'Loader', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' } })).body.id;

    const quoted = await post(alice, 'spoiler ahead @vic #cats', { poll: { options: ['yes', 'no'], expires_in: 3600 } });
    await byApp(quoted, app);
    await withCard(quoted);
    const quote = await post(bob, 'look #dogs', { quoted_status_id: quoted, media_ids: [await t.seedMedia(bob)] });
    rich = await echo(alice, quote);

    const own = await post(vic, 'my own, pinned');
    await act(vic, own, 'pin');
    await byApp(own, app);
    page.push(rich, own);
    for (let i = 0; page.length < 40; i++) {
      const previous = page.at(-1)!;
      switch (i % 8) {
        case 0:
          page.push(await post(alice, `post ${i} #cats @bob`));
          break;
        case 1:
          page.push(await post(bob, `reply ${i}`, { in_reply_to_id: previous }));
          await act(vic, page.at(-1)!, 'upvote');
          break;
        case 2:
          page.push(await post(alice, `poll ${i}`, { poll: { options: ['a', 'b', 'c'], expires_in: 600, multiple: true } }));
          break;
        case 3:
          page.push(await post(bob, `media ${i}`, { media_ids: [await t.seedMedia(bob, { description: 'a spoiler' })] }));
          await withCard(page.at(-1)!);
          break;
        case 4:
          page.push(await echo(bob, previous));
          break;
        case 5:
          page.push(await post(alice, `quoting ${i}`, { quoted_status_id: page.at(-3)! }));
          await byApp(page.at(-1)!, app);
          break;
        case 6:
          page.push(await post(alice, `followers only ${i} @vic`, { visibility: 'private' }));
          await act(vic, page.at(-1)!, 'favourite');
          await act(vic, page.at(-1)!, 'bookmark');
          break;
        default:
          page.push(await post(bob, `@vic between us ${i}`, { visibility: 'direct' }));
      }
    }
    const poll = await t.ok<{ poll: { id: string } }>('GET', `/api/v1/statuses/${page[4]}`, vic);
    await t.ok('POST', `/api/v1/polls/${poll.poll.id}/votes`, vic, { choices: [0, 2] });
  });
  afterAll(() => t?.close());

  it('reads one post with everything and forty varied posts in the same ten statements', async () => {
    const one = await load([rich], vic.id);
    const forty = await load(page, vic.id);
    expect(one.result.shown.map((s) => s.id)).toEqual([rich]);
    expect(forty.result.shown.map((s) => s.id)).toEqual(page);
    // The posts with their echoed and quoted posts; authors; mentions, tags, media, applications; the viewer's
    // relations and marks; polls; cards; filters.
    expect(one.statements).toBe(10);
    expect(forty.statements).toBe(one.statements);
  });

  it('reads parts the process has cached no more: six statements', async () => {
    await load(page, vic.id, false);
    expect((await load([rich], vic.id, false)).statements).toBe(6);
    expect((await load(page, vic.id, false)).statements).toBe(6);
  });

  it('reads no relations, marks or filters for an anonymous reader', async () => {
    const one = await load([rich], null);
    const forty = await load(page, null);
    expect(one.statements).toBe(8);
    expect(forty.statements).toBe(8);
    // The followers-only and direct posts are not theirs to see.
    expect(forty.result.shown.length).toBeLessThan(page.length);
  });

  it('reads rows already in hand in as many statements, one fewer when they echo and quote nothing outside them', async () => {
    const rows = await findStatuses(t.ctx.db, page);
    const measure = (some: typeof rows) => countStatements(t.ctx, (ctx) => loadStatuses(ctx, some, vic.id, { filterContext: 'thread' }), { coldParts: true });
    const one = await measure(rows.filter((r) => r.id === rich));
    const forty = await measure(rows);
    expect(forty.result.shown).toHaveLength(40);
    expect(one.statements).toBe(10);
    expect(forty.statements).toBe(10);
    const plain = rows.filter((r) => !r.reblog_of_id && !r.quote_of_id);
    // (The applications' statement runs when a post not cached has one.)
    expect((await measure(plain.filter((r) => r.application_id).slice(0, 1))).statements).toBe(9);
    expect((await measure(plain)).statements).toBe(9);
  });

  it('gathers what the page shows: echoed and quoted posts, parts, polls, cards, marks and filter matches', async () => {
    const { result: loaded } = await load(page, vic.id);
    const echoRow = loaded.rows.get(rich)!;
    const quoteRow = loaded.rows.get(echoRow.reblog_of_id!)!;
    const quotedRow = loaded.rows.get(quoteRow.quote_of_id!)!;
    expect(loaded.visible.has(quotedRow.id)).toBe(true);
    expect(loaded.parts.get(quotedRow.id)).toMatchObject({ tags: ['cats'], mentions: [{ id: vic.id, username: 'vic' }], application: { name: 'Loader' } });
    expect(loaded.parts.get(quoteRow.id)!.media).toHaveLength(1);
    expect(loaded.polls.get(quotedRow.id)!.options.map((o) => o.title)).toEqual(['yes', 'no']);
    expect(loaded.cards.has(quotedRow.id)).toBe(true);
    expect([...loaded.viewer!.pollChoices.values()]).toEqual([[0, 2]]);
    expect(loaded.viewer!.pinned.has(page[1]!)).toBe(true);
    expect(loaded.viewer!.favourited.size).toBe(loaded.viewer!.bookmarked.size);
    expect(loaded.viewer!.votes.size).toBeGreaterThan(0);
    expect(loaded.viewer!.following).toEqual(new Set([alice.id, bob.id]));
    // "a spoiler" in a media description, and the quoted post's text, are what the filter matches.
    const matched = [...loaded.filterMatches.keys()];
    expect(matched.length).toBeGreaterThan(0);
    expect(matched).not.toContain(page[1]);
    expect(loaded.sources.accounts).toEqual(new Set([alice.id, bob.id, vic.id]));
  });
});
