import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

// A 1x1 PNG, served as the page's og:image.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe.skipIf(!hasChromium)('link preview cards in the web app', () => {
  const suite = browserSuite({ previewCards: { timeoutMs: 5_000, allowLoopback: true } });
  let pages: Server;
  let base: string;

  beforeAll(async () => {
    pages = createServer((req, res) => {
      if (req.url === '/pixel.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(PIXEL);
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        '<html lang="en"><head><meta property="og:title" content="Rivers of the North"><meta property="og:description" content="A long read about rivers, bridges and the towns between them.">' +
          '<meta property="og:site_name" content="The Atlas"><meta property="og:image" content="/pixel.png"></head></html>',
      );
    });
    await new Promise<void>((r) => pages.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    pages.closeAllConnections();
    await new Promise((r) => pages.close(r));
  });

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
