import { describe, expect, it } from 'vitest';
import { issueToken } from '../../src/domain/auth/tokens.js';
import { browserSuite, hasChromium, PHONE, signedInPage } from './harness.js';

describe.skipIf(!hasChromium)('account settings in the web app', () => {
  const suite = browserSuite();

  it('offers push (the server publishes its VAPID key) and changes the password, signing out the other sessions only', async () => {
    const { t, browser } = suite;
    const erin = await t.createUser('erin');
    const elsewhere = (await issueToken(t.ctx, null, erin.id, 'read')).token;
    const { context: ctx, page, errors } = await signedInPage(browser, t.url, erin.token, { viewport: PHONE });
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
