import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, signedInPage } from './harness.js';

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
});
