import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, shoot, signedInPage } from './harness.js';

// A post matched by the reader's `warn` filter is folded behind the filter's title in the web app.
describe.skipIf(!hasChromium)('filtered posts in the web app', () => {
  const suite = browserSuite();

  it('folds a post behind "Filtered: <title>" until the reader asks to see it', async () => {
    const { t, browser } = suite;
    const reader = await t.createUser('reader');
    const author = await t.createUser('author');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
    expect((await t.post('/api/v1/statuses', { token: author.token, json: { status: 'Broccoli soup tonight', visibility: 'public' } })).status).toBe(200);
    expect((await t.post('/api/v1/statuses', { token: author.token, json: { status: 'Apples for dessert', visibility: 'public' } })).status).toBe(200);
    const f = await t.post('/api/v2/filters', {
      token: reader.token,
      json: { title: 'Greens', context: ['home'], keywords_attributes: [{ keyword: 'broccoli' }] },
    });
    expect(f.status).toBe(200);

    const { context: ctx, page, errors } = await signedInPage(browser, t.url, reader.token);
    await page.goto('/home');
    await expect.poll(() => page.getByText('Apples for dessert').count()).toBe(1);
    await expect.poll(() => page.getByText('Filtered: Greens').count()).toBe(1);
    expect(await page.getByText('Broccoli soup tonight').count()).toBe(0);
    await page.getByRole('button', { name: 'Show anyway' }).click();
    await expect.poll(() => page.getByText('Broccoli soup tonight').count()).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('creates, switches to hide and deletes a filter in the Filters screen', async () => {
    const { t, browser } = suite;
    const reader = await t.createUser('screen_reader');
    const author = await t.createUser('screen_author');
    expect((await t.post(`/api/v1/accounts/${author.id}/follow`, { token: reader.token })).status).toBe(200);
    expect((await t.post('/api/v1/statuses', { token: author.token, json: { status: 'Kale salad again', visibility: 'public' } })).status).toBe(200);
    expect((await t.post('/api/v1/statuses', { token: author.token, json: { status: 'Pears are ripe', visibility: 'public' } })).status).toBe(200);
    const filters = async () => {
      const res = await t.get<any[]>('/api/v2/filters', { token: reader.token });
      expect(res.status).toBe(200);
      return res.body;
    };

    const { context: ctx, page, errors } = await signedInPage(browser, t.url, reader.token);
    await page.goto('/settings');
    await page.getByRole('link', { name: 'Filters' }).click();
    await expect.poll(() => page.getByText('No filters yet.').count()).toBe(1);
    const form = page.getByRole('form', { name: 'New filter' });
    await form.getByLabel('Title').fill('Leaves');
    await form.getByLabel('Keyword 1', { exact: true }).fill('kale');
    // The API's error names the field: no context chosen.
    await form.getByLabel('Home and lists').uncheck();
    await form.getByRole('button', { name: 'Create filter' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('context');
    await form.getByLabel('Home and lists').check();
    await form.getByLabel('Conversations').check();
    await form.getByLabel('Expires').selectOption({ label: 'In 1 week' });
    await form.getByRole('button', { name: 'Create filter' }).click();
    await expect.poll(async () => (await filters()).length).toBe(1);
    const [created] = await filters();
    expect(created).toMatchObject({ title: 'Leaves', context: ['home', 'thread'], filter_action: 'warn', keywords: [{ keyword: 'kale', whole_word: true }] });
    expect(Date.parse(created.expires_at) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    await expect.poll(() => page.getByRole('list', { name: 'Filters' }).getByText('kale').count()).toBe(1);
    await shoot(page, 'filters');

    await page.goto('/home');
    await expect.poll(() => page.getByText('Pears are ripe').count()).toBe(1);
    await expect.poll(() => page.getByText('Filtered: Leaves').count()).toBe(1);
    expect(await page.getByText('Kale salad again').count()).toBe(0);

    await page.goto('/settings/filters');
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit “Leaves”' });
    await expect.poll(() => edit.getByLabel('Title').evaluate((el) => el === document.activeElement)).toBe(true);
    await edit.getByLabel('Hide completely').check();
    await edit.getByRole('button', { name: 'Add a keyword' }).click();
    await edit.getByLabel('Keyword 2', { exact: true }).fill('chard');
    await edit.getByLabel('Whole word').nth(1).uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await filters())[0]?.filter_action).toBe('hide');
    expect((await filters())[0].keywords).toMatchObject([
      { keyword: 'kale', whole_word: true },
      { keyword: 'chard', whole_word: false },
    ]);
    // Editing left the expiry as it was.
    expect((await filters())[0].expires_at).toBe(created.expires_at);

    await page.goto('/home');
    await expect.poll(() => page.getByText('Pears are ripe').count()).toBe(1);
    expect(await page.getByText('Filtered: Leaves').count()).toBe(0);
    expect(await page.getByText('Kale salad again').count()).toBe(0);

    await page.goto('/settings/filters');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await filters()).length).toBe(0);
    await expect.poll(() => page.getByText('No filters yet.').count()).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
