import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { axeViolations, browserSuite, DESKTOP, hasChromium, newContext, PHONE, shoot } from './harness.js';

// The server-rendered public pages, read without JavaScript as a visitor or a link-preview crawler would.
describe.skipIf(!hasChromium)('public pages without JavaScript', () => {
  const suite = browserSuite();
  let author: TestUser;
  let postId = '';

  beforeAll(async () => {
    const t = suite.t;
    author = await t.createUser('author');
    const reader = await t.createUser('reader');
    await t.ok('POST', `/api/v1/accounts/${author.id}/follow`, reader);
    postId = (await t.postStatus<{ id: string }>(author, 'One of each, please')).id;
    await t.postStatus(reader, 'One reply', { in_reply_to_id: postId });
    await t.ok('POST', `/api/v1/statuses/${postId}/reblog`, reader);
    await t.ok('POST', `/api/v1/statuses/${postId}/favourite`, reader);
    await t.ok('POST', '/api/v1/reports', reader, { account_id: author.id, status_ids: [postId], category: 'spam', comment: 'testing' });
    const admin = await t.createUser('admin', { role: 'admin' });
    await t.ok('POST', '/api/v1/admin/domain_blocks', admin, { domain: 'spam.example', severity: 'suspend', reject_media: true });
  }, 120_000);

  it('writes counts in the singular for one, and shares a picture that exists for an account without an avatar', async () => {
    const { t, browser } = suite;
    const context = await newContext(browser, t.url, { javaScriptEnabled: false, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`/@${author.username}`);
    const counts = (await page.locator('.ssr-counts').textContent())?.replace(/\s+/g, ' ');
    expect(counts).toBe('1 post · 0 following · 1 follower');
    const image = await page.locator('meta[property="og:image"]').getAttribute('content');
    expect(image).not.toMatch(/missing\.png$/);
    const res = await fetch(image!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\//);
    expect(await page.locator('meta[name="description"]').getAttribute('content')).toBe('1 post, 1 follower');

    await page.goto(`/@${author.username}/${postId}`);
    const footer = (await page.locator('.ssr-main footer').textContent())?.replace(/\s+/g, ' ');
    expect(footer).toContain('1 reply · 1 echo · 1 upvote');
    expect(await page.locator('meta[property="og:image"]').getAttribute('content')).toBe(image);
    await shoot(page, 'permalink-counts');
    await context.close();
  });

  it('draws the transparency report as charts with text alternatives, and leads back into the app', async () => {
    const { t, browser } = suite;
    for (const viewport of [PHONE, DESKTOP]) {
      const context = await newContext(browser, t.url, { javaScriptEnabled: false, viewport });
      const page = await context.newPage();
      await page.goto('/about/transparency');
      const nav = page.getByRole('navigation');
      expect(await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(expect.arrayContaining(['/', '/public']));
      const charts = page.locator('figure.chart svg[role="img"]');
      expect(await charts.count()).toBe(6);
      const labels = await charts.evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-label') ?? ''));
      expect(labels[0]).toMatch(/^Posts screened\. Screened: \w+ [1-9]/);
      expect(labels.join(' ')).toContain('Reports received. Reports:');
      // The bars are drawn: one per month and series with a value.
      expect(await page.locator('#chart-screened rect').count()).toBeGreaterThan(0);
      expect(await page.locator('#chart-reports rect').count()).toBeGreaterThan(0);
      expect(await page.getByRole('table').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await shoot(page, 'transparency');
      // Other servers: the blocks in force, by what they do.
      const servers = page.getByRole('region', { name: 'Other servers' });
      expect((await servers.getByRole('row', { name: /Servers suspended/ }).textContent())?.replace(/\s+/g, ' ')).toContain('1');
      expect(labels.join(' ')).toContain('From other servers. Posts held:');
      await servers.scrollIntoViewIfNeeded();
      await shoot(page, 'transparency-other-servers');
      await page.getByRole('link', { name: 'Tribune', exact: true }).click();
      await page.waitForURL(`${t.url}/`);
      await context.close();
    }
    const context = await newContext(browser, t.url, { viewport: PHONE });
    const page = await context.newPage();
    await page.goto('/about/transparency');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
