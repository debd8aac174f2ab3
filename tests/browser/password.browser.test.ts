import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { collectErrors, ensureWebBuilt, hasChromium, launch, newContext, PHONE } from './harness.js';

describe.skipIf(!hasChromium)('account settings in the web app', () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    t = await startTestServer();
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('offers push (the server publishes its VAPID key) and changes the password, signing out the other sessions only', async () => {
    const erin = await t.createUser('erin');
    const elsewhere = (await issueToken(t.ctx, null, erin.id, 'read')).token;
    const ctx = await newContext(browser, t.url, { viewport: PHONE });
    await ctx.addInitScript((tok) => localStorage.setItem('tribune.token', tok), erin.token);
    const page = await ctx.newPage();
    const errors = collectErrors(page);
    await page.goto('/settings');
    const push = page.locator('section', { has: page.getByRole('heading', { name: 'Notifications on this device' }) });
    await expect.poll(() => push.locator('p.muted').textContent()).not.toBe('Checking…');
    expect(await push.textContent()).not.toContain('does not offer push notifications');
    expect(await push.getByRole('button', { name: 'Turn on notifications' }).count()).toBe(1);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Change password' }) });
    await form.getByLabel('Current password').fill('wrong password');
    await form.getByLabel('New password', { exact: true }).fill('a new long secret');
    await form.getByLabel('New password again').fill('a new long secret');
    await form.getByRole('button', { name: 'Change password' }).click();
    expect(await form.getByRole('alert').textContent()).toContain('current_password');

    await form.getByLabel('Current password').fill('correct horse battery');
    await form.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed').waitFor();
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: elsewhere })).status).toBe(401);
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: erin.token })).status).toBe(200);
    // Still signed in here.
    await page.reload();
    await page.getByRole('heading', { name: 'Change password' }).waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
