import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage, startLinkedSite } from './harness.js';

describe.skipIf(!hasChromium)('link preview cards in the web app', () => {
  const suite = browserSuite({ previewCards: { timeoutMs: 5_000, allowLoopback: true } });
  let site: Awaited<ReturnType<typeof startLinkedSite>>;
  let base: string;

  beforeAll(async () => {
    site = await startLinkedSite(
      '<meta property="og:title" content="Rivers of the North"><meta property="og:description" content="A long read about rivers, bridges and the towns between them.">' +
        '<meta property="og:site_name" content="The Atlas">',
    );
    base = site.base;
  });

  afterAll(() => site.close());

  it('shows the card under a post: image, provider, title and description, linking to the page', async () => {
    const { t, browser } = suite;
    const alice = await t.createUser('alice');
    const bob = await t.createUser('bob');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
    const posted = await t.postStatus(alice, `Worth reading: ${base}/rivers`);
    expect((await t.ok<{ card: { title: string } | null }>('GET', `/api/v1/statuses/${posted.id}`, bob)).card?.title).toBe('Rivers of the North');

    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, errors } = await signedInPage(browser, t.url, bob.token, { viewport });
      await page.goto('/home');
      const card = page.locator('.feed .status', { hasText: 'Worth reading' }).first().locator('a.preview-card');
      await card.waitFor();
      expect(await card.getAttribute('href')).toBe(`${base}/rivers`);
      await card.getByText('Rivers of the North').waitFor();
      await card.getByText('The Atlas').waitFor();
      await card.getByText('A long read about rivers').waitFor();
      expect(await card.locator('img').getAttribute('src')).toBe(`${base}/pixel.png`);
      await shoot(page, 'preview-card');
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
