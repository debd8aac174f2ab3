import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { browserSuite, DESKTOP, hasChromium, shoot, signedInPage } from './harness.js';

// The Lists screens: create a list, add someone followed from their profile, read the list's timeline.
describe.skipIf(!hasChromium)('lists in the web app', () => {
  const suite = browserSuite();
  let reader: TestUser;
  let friend: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    const t = suite.t;
    reader = await t.createUser('reader');
    friend = await t.createUser('friend');
    stranger = await t.createUser('stranger');
    for (const u of [friend, stranger]) expect((await t.post(`/api/v1/accounts/${u.id}/follow`, { token: reader.token })).status).toBe(200);
    expect((await t.post('/api/v1/statuses', { token: friend.token, json: { status: 'from a friend' } })).status).toBe(200);
    expect((await t.post('/api/v1/statuses', { token: stranger.token, json: { status: 'not in the list' } })).status).toBe(200);
  }, 120_000);

  it('creates a list, adds a followed account from its profile, and shows only its posts', async () => {
    const { t, browser } = suite;
    const { context: ctx, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: DESKTOP });

    await page.goto('/lists');
    await page.getByLabel('New list').fill('Friends');
    await page.getByRole('button', { name: 'Create list' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Friends' }).count()).toBe(1);

    await page.goto(`/@${friend.username}`);
    await page.locator('summary', { hasText: 'Lists' }).click();
    await page.getByRole('checkbox', { name: 'Friends' }).check();
    const lists = await t.get('/api/v1/lists', { token: reader.token });
    const listId = lists.body[0].id as string;
    await expect.poll(async () => (await t.get(`/api/v1/lists/${listId}/accounts`, { token: reader.token })).body.length).toBe(1);

    await page.goto(`/lists/${listId}`);
    await expect.poll(() => page.locator('main').textContent()).toContain('from a friend');
    expect(await page.locator('main').textContent()).not.toContain('not in the list');
    await shoot(page, 'list-timeline');
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
