import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShieldServer } from '../shield/shield-server.js';
import { collectErrors, hasChromium, launch, newContext } from './harness.js';

describe.skipIf(!hasChromium)('the under-attack challenge in a browser', () => {
  let t: Awaited<ReturnType<typeof startShieldServer>>;
  let browser: Browser;

  beforeAll(async () => {
    t = await startShieldServer({ powDifficulty: 14, powMaxDifficulty: 14 });
    t.server.app.get('/users/:name', (c) => c.html(`<!doctype html><title>page</title><h1 id="ok">Page of ${c.req.param('name')}</h1>`));
    await t.shield.setAttack('on');
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('solves the proof of work in the page, lands on the page asked for, and is not asked again', async () => {
    const ctx = await newContext(browser, t.url);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    const first = await page.goto('/users/alice?tab=posts');
    expect(first?.status()).toBe(503);
    await page.locator('#ok').waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/users/alice?tab=posts');
    expect((await ctx.cookies()).map((c) => c.name)).toContain('tribune_clearance');
    const again = await page.goto('/users/bob');
    expect(again?.status()).toBe(200);
    expect(await page.locator('#ok').textContent()).toBe('Page of bob');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('explains itself to a browser without JavaScript', async () => {
    const ctx = await newContext(browser, t.url, { javaScriptEnabled: false });
    const page = await ctx.newPage();
    const res = await page.goto('/users/carol');
    expect(res?.status()).toBe(503);
    expect(await page.textContent('body')).toContain('This check needs JavaScript');
    expect((await ctx.cookies()).map((c) => c.name)).not.toContain('tribune_clearance');
    await ctx.close();
  });
});
