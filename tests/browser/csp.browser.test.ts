import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, newContext, signedInPage, startLinkedSite } from './harness.js';

/** Records what the page's Content-Security-Policy refuses, from the first script on. */
const RECORD_VIOLATIONS = () => {
  const w = window as unknown as { cspViolations: string[] };
  w.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
};
const violations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

// The web app under its Content-Security-Policy: nothing it does is refused.
describe.skipIf(!hasChromium)('the web app under its Content-Security-Policy', () => {
  const suite = browserSuite({ previewCards: { timeoutMs: 5_000, allowLoopback: true } });
  let site: Awaited<ReturnType<typeof startLinkedSite>>;
  let base: string;

  beforeAll(async () => {
    site = await startLinkedSite('<meta property="og:title" content="A page elsewhere">');
    base = site.base;
  });

  afterAll(() => site.close());

  it('loads the app, a link preview image from another site, a poll, the live stream and the service worker with nothing refused', async () => {
    const { t, browser } = suite;
    const alice = await t.createUser('alice');
    const bob = await t.createUser('bob');
    await t.post(`/api/v1/accounts/${alice.id}/follow`, { token: bob.token });
    await t.postStatus(alice, `Worth reading: ${base}/elsewhere`);
    await t.postStatus(alice, 'Tea or coffee?', { poll: { options: ['tea', 'coffee'], expires_in: 3600 } });

    const { context, page, errors } = await signedInPage(browser, t.url, bob.token);
    await context.addInitScript(RECORD_VIOLATIONS);
    const res = await page.goto('/home');
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    const image = page.locator('a.preview-card img');
    await image.waitFor();
    expect(await image.getAttribute('src')).toBe(`${base}/pixel.png`);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    await page.locator('.poll').first().waitFor();

    // A post arriving live over the WebSocket stream.
    await t.postStatus(alice, 'Live over the stream');
    await page.getByText('Live over the stream').waitFor();

    // (Uploads, previewed from blob: URLs, are not tried: this server has no media upload API yet.)
    // The service worker registers from this site.
    await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()))).toBe(true);

    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('styles a server-rendered profile with its inline style, and the app boots over it', async () => {
    const { t, browser } = suite;
    await t.createUser('carol');
    await t.postStatus(await t.createUser('dave'), 'Hello from dave');
    for (const javaScriptEnabled of [false, true]) {
      const context = await newContext(browser, t.url, { javaScriptEnabled });
      if (javaScriptEnabled) await context.addInitScript(RECORD_VIOLATIONS);
      const page = await context.newPage();
      await page.goto('/@dave');
      await page.getByText('Hello from dave').first().waitFor();
      if (!javaScriptEnabled) expect(await page.locator('.ssr-page').evaluate((el) => getComputedStyle(el).maxWidth)).toBe('640px');
      else expect(await violations(page)).toEqual([]);
      await context.close();
    }
  });
});
