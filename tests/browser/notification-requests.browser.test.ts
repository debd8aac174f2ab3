import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

// Mastodon 4.3's default policy files private mentions from strangers under notification requests: the web app
// shows them above the list, to accept (their notifications join the list) or dismiss.
describe.skipIf(!hasChromium)('filtered notifications in the web app', () => {
  const suite = browserSuite();
  let reader: TestUser;
  let stranger: TestUser;
  let pest: TestUser;

  beforeAll(async () => {
    const { t } = suite;
    reader = await t.createUser('reader');
    stranger = await t.createUser('stranger');
    pest = await t.createUser('pest');
    await t.postStatus(stranger, '@reader hello, we met at the meetup yesterday', { visibility: 'direct' });
    await t.postStatus(pest, '@reader buy my course', { visibility: 'direct' });
  }, 120_000);

  it('shows private mentions from strangers as filtered, to accept or dismiss', { timeout: 240_000 }, async () => {
    const { t, browser } = suite;
    const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: PHONE });
    await page.goto('/notifications');
    const filtered = page.locator('details.filtered-notifications');
    await expect.poll(() => filtered.locator('summary').textContent()).toBe('Filtered notifications from 2 people');
    const list = page.getByRole('region', { name: 'Notifications' });
    await expect.poll(() => list.count()).toBe(1);
    expect(await list.textContent()).not.toContain('we met at the meetup');
    await filtered.locator('summary').click();
    const fromStranger = filtered.locator('li').filter({ hasText: '@stranger' });
    await expect.poll(() => fromStranger.textContent()).toContain('we met at the meetup');
    await shoot(page, 'filtered-notifications');
    expect(await axeViolations(page)).toEqual([]);

    await filtered.locator('li').filter({ hasText: '@pest' }).getByRole('button', { name: 'Dismiss' }).click();
    await fromStranger.getByRole('button', { name: 'Accept' }).click();
    // Accepted: the mention joins the list; nothing waits any more.
    await expect.poll(() => list.textContent()).toContain('we met at the meetup');
    await expect.poll(() => filtered.count()).toBe(0);
    expect(await t.ok('GET', '/api/v1/notifications/requests', reader)).toEqual([]);
    const types = (await t.ok<Array<{ type: string; account: { id: string } }>>('GET', '/api/v1/notifications', reader)).map(
      (n) => `${n.type}:${n.account.id}`,
    );
    expect(types).toEqual([`mention:${stranger.id}`]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks French', { timeout: 120_000 }, async () => {
    const { t, browser } = suite;
    await t.postStatus(pest, '@reader encore une offre', { visibility: 'direct' });
    const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: DESKTOP });
    await context.addInitScript(() => localStorage.setItem('tribune.lang', 'fr'));
    await page.goto('/notifications');
    const filtered = page.locator('details.filtered-notifications');
    await expect.poll(() => filtered.locator('summary').textContent()).toBe('Notifications filtrées de 1 personne');
    await filtered.locator('summary').click();
    expect(await filtered.getByRole('button', { name: 'Accepter' }).count()).toBe(1);
    await shoot(page, 'filtered-notifications-fr');
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
