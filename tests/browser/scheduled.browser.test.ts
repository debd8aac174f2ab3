import { beforeAll, describe, expect, it } from 'vitest';
import { publishDueScheduled } from '../../src/domain/statuses/scheduled.service.js';
import type { TestUser } from '../helpers/server.js';
import { browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

// Scheduling from compose, then the Scheduled screen: change the time, delete; a due post is published.
describe.skipIf(!hasChromium)('scheduled posts in the web app', () => {
  const suite = browserSuite();
  let writer: TestUser;

  beforeAll(async () => {
    writer = await suite.t.createUser('writer');
  }, 120_000);

  const scheduled = async () =>
    (await suite.t.get('/api/v1/scheduled_statuses', { token: writer.token })).body as Array<{ id: string; scheduled_at: string; params: { text: string } }>;

  it('schedules a post from compose and lists it, with its time changeable, until it is published', async () => {
    const { t, browser } = suite;
    const { context: ctx, page, errors } = await signedInPage(browser, t.url, writer.token, { viewport: DESKTOP });
    await page.goto('/home');
    await page.getByRole('textbox', { name: 'What’s on your mind?' }).first().fill('See you tomorrow');
    await page.getByRole('button', { name: 'Schedule', exact: true }).first().click();
    await page.getByLabel('Publish on').first().fill('2099-06-01T09:30');
    await shoot(page, 'compose-schedule');
    await page.getByRole('button', { name: 'Schedule post' }).first().click();
    await expect.poll(async () => (await scheduled()).map((s) => s.params.text)).toEqual(['See you tomorrow']);
    const [first] = await scheduled();
    expect(new Date(first!.scheduled_at).getTime()).toBe(new Date('2099-06-01T09:30').getTime());
    // Nothing published yet.
    expect((await t.get(`/api/v1/accounts/${writer.id}/statuses`)).body).toEqual([]);

    await page.goto('/scheduled');
    await expect.poll(() => page.locator('main').textContent()).toContain('See you tomorrow');
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await page.getByLabel('Publish on').fill('2099-06-02T10:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => new Date((await scheduled())[0]!.scheduled_at).getTime()).toBe(new Date('2099-06-02T10:00').getTime());
    await shoot(page, 'scheduled-posts');

    // Its time comes: the check publishes it and the list empties.
    await t.ctx.db
      .updateTable('scheduled_statuses')
      .set({ scheduled_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await publishDueScheduled(t.ctx)).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('main').textContent()).toContain('No scheduled posts');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('deletes a scheduled post on a phone', async () => {
    const { t, browser } = suite;
    const made = await t.post('/api/v1/statuses', { token: writer.token, json: { status: 'never mind', scheduled_at: '2099-07-01T08:00:00Z' } });
    expect(made.status).toBe(200);
    const { context: ctx, page, errors } = await signedInPage(browser, t.url, writer.token, { viewport: PHONE });
    page.on('dialog', (d) => d.accept());
    await page.goto('/scheduled');
    await expect.poll(() => page.locator('main').textContent()).toContain('never mind');
    await shoot(page, 'scheduled-posts-phone');
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await scheduled()).length).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
