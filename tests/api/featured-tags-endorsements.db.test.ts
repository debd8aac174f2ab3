import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../helpers/server.js';

describe('featured tags and endorsements', () => {
  let t: TestServer;
  let ann: TestUser;
  let ben: TestUser;
  let cy: TestUser;
  beforeAll(async () => {
    t = await startTestServer();
    ann = await t.createUser('ann');
    ben = await t.createUser('ben');
    cy = await t.createUser('cy');
  });
  afterAll(() => t?.close());

  it('features a hashtag with the count and last date of the public posts that carry it', async () => {
    await t.postStatus(ann, 'first #Gardening post');
    await t.postStatus(ann, 'again #gardening');
    await t.postStatus(ann, 'secret #gardening', { visibility: 'private' });
    await t.postStatus(ben, 'not hers #gardening');
    const tag = await t.ok('POST', '/api/v1/featured_tags', ann, { name: '#Gardening' });
    expect(tag).toMatchObject({ name: 'Gardening', statuses_count: '2', last_status_at: new Date().toISOString().slice(0, 10) });
    expect(tag.url).toMatch(/\/@ann\/tagged\/gardening$/);
    // Featuring it again answers the same one.
    expect((await t.ok('POST', '/api/v1/featured_tags', ann, { name: 'gardening' })).id).toBe(tag.id);
    expect(await t.ok('GET', '/api/v1/featured_tags', ann)).toEqual([tag]);
    expect(await t.ok('GET', `/api/v1/accounts/${ann.id}/featured_tags`, null)).toEqual([tag]);
    const unused = await t.ok('POST', '/api/v1/featured_tags', ann, { name: 'brandnew' });
    expect(unused).toMatchObject({ name: 'brandnew', statuses_count: '0', last_status_at: null });
  });

  it('features a hashtag once when the same request arrives several times at once', async () => {
    const tries = await Promise.all(Array.from({ length: 5 }, () => t.post('/api/v1/featured_tags', { token: cy.token, json: { name: '#Twice' } })));
    expect(tries.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(tries.map((r) => r.body.id)).size).toBe(1);
    expect((await t.ok<Array<{ name: string }>>('GET', '/api/v1/featured_tags', cy)).map((f) => f.name)).toEqual(['Twice']);
  });

  it('refuses a name that is not a hashtag, and more than ten', async () => {
    const bad = await t.post('/api/v1/featured_tags', { token: ann.token, json: { name: 'two words' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatch(/name/);
    expect((await t.post('/api/v1/featured_tags', { token: ann.token, json: {} })).status).toBe(422);
    for (let i = 0; i < 8; i++) await t.ok('POST', '/api/v1/featured_tags', ann, { name: `tag${i}` });
    const over = await t.post('/api/v1/featured_tags', { token: ann.token, json: { name: 'eleventh' } });
    expect(over.status).toBe(422);
  });

  it('suggests recently used hashtags not featured yet, and unfeatures', async () => {
    await t.postStatus(ben, '#cooking and #baking');
    await t.postStatus(ben, 'more #cooking');
    const suggestions = await t.ok<Array<{ name: string }>>('GET', '/api/v1/featured_tags/suggestions', ben);
    expect(suggestions.map((s) => s.name)).toEqual(['cooking', 'baking', 'gardening']);
    const f = await t.ok('POST', '/api/v1/featured_tags', ben, { name: 'cooking' });
    expect((await t.ok<Array<{ name: string }>>('GET', '/api/v1/featured_tags/suggestions', ben)).map((s) => s.name)).toEqual(['baking', 'gardening']);
    // Nobody removes another's.
    expect((await t.request('DELETE', `/api/v1/featured_tags/${f.id}`, { token: ann.token })).status).toBe(404);
    await t.ok('DELETE', `/api/v1/featured_tags/${f.id}`, ben);
    expect(await t.ok('GET', '/api/v1/featured_tags', ben)).toEqual([]);
  });

  it('endorses a followed account: relationship, own list and public list; unpins', async () => {
    const refused = await t.post(`/api/v1/accounts/${cy.id}/pin`, { token: ann.token });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/following/);
    await t.ok('POST', `/api/v1/accounts/${cy.id}/follow`, ann);
    await t.ok('POST', `/api/v1/accounts/${ben.id}/follow`, ann);
    expect(await t.ok('POST', `/api/v1/accounts/${cy.id}/pin`, ann)).toMatchObject({ id: cy.id, endorsed: true, following: true });
    await t.ok('POST', `/api/v1/accounts/${ben.id}/pin`, ann);
    const rel = await t.ok<Array<{ id: string; endorsed: boolean }>>('GET', `/api/v1/accounts/relationships?id[]=${cy.id}&id[]=${ben.id}`, ann);
    expect(rel.map((r) => r.endorsed)).toEqual([true, true]);
    const mine = await t.get('/api/v1/endorsements?limit=1', { token: ann.token });
    expect(mine.body.map((a: { id: string }) => a.id)).toEqual([ben.id]);
    expect(mine.headers.get('link')).toMatch(/rel="next"/);
    const publicList = await t.ok<Array<{ id: string }>>('GET', `/api/v1/accounts/${ann.id}/endorsements`, null);
    expect(publicList.map((a) => a.id)).toEqual([ben.id, cy.id]);
    expect(await t.ok('POST', `/api/v1/accounts/${cy.id}/unpin`, ann)).toMatchObject({ endorsed: false });
    expect((await t.ok<Array<{ id: string }>>('GET', '/api/v1/endorsements', ann)).map((a) => a.id)).toEqual([ben.id]);
    expect((await t.post(`/api/v1/accounts/${ann.id}/pin`, { token: ann.token })).status).toBe(403);
    expect((await t.get('/api/v1/endorsements')).status).toBe(401);
  });

  it('drops an endorsement when the follow ends: unfollow, removal from followers, or a block either way', async () => {
    const endorsedBy = async (u: TestUser) => (await t.ok<Array<{ id: string }>>('GET', `/api/v1/accounts/${u.id}/endorsements`, null)).map((a) => a.id);
    const dee = await t.createUser('dee');
    const eve = await t.createUser('eve');
    const pin = async (who: TestUser, target: TestUser) => {
      await t.ok('POST', `/api/v1/accounts/${target.id}/follow`, who);
      await t.ok('POST', `/api/v1/accounts/${target.id}/pin`, who);
    };
    await pin(dee, eve);
    await t.ok('POST', `/api/v1/accounts/${eve.id}/unfollow`, dee);
    expect(await endorsedBy(dee)).toEqual([]);
    expect((await t.ok<Array<{ endorsed: boolean }>>('GET', `/api/v1/accounts/relationships?id[]=${eve.id}`, dee))[0]!.endorsed).toBe(false);
    await pin(dee, eve);
    await t.ok('POST', `/api/v1/accounts/${dee.id}/remove_from_followers`, eve);
    expect(await endorsedBy(dee)).toEqual([]);
    await pin(dee, eve);
    await t.ok('POST', `/api/v1/accounts/${dee.id}/block`, eve);
    expect(await endorsedBy(dee)).toEqual([]);
    await t.ok('POST', `/api/v1/accounts/${dee.id}/unblock`, eve);
    await pin(dee, eve);
    await t.ok('POST', `/api/v1/accounts/${eve.id}/block`, dee);
    expect(await endorsedBy(dee)).toEqual([]);
  });
});
