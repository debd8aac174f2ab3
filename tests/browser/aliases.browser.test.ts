import { describe, expect, it } from 'vitest';
import { browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

describe.skipIf(!hasChromium)('aliases in the web app settings', () => {
  const suite = browserSuite();

  it('names an account to move from, shows it on the actor, refuses an unknown one, and removes it', async () => {
    const { t, browser } = suite;
    const erin = await t.createUser('erin');
    await t.createUser('oldself');
    const { context, page, errors } = await signedInPage(browser, t.url, erin.token, { viewport: PHONE });
    await page.goto('/settings');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Moving from another account' }) });
    await form.getByText('No other account is named yet.').waitFor();

    await form.getByLabel('Account to move from').fill('nobody@nowhere.invalid');
    await form.getByRole('button', { name: 'Add the account' }).click();
    expect(await form.getByRole('alert').textContent()).toContain('acct');

    await form.getByLabel('Account to move from').fill('oldself');
    await form.getByRole('button', { name: 'Add the account' }).click();
    await form.getByText(`${t.url}/users/oldself`).waitFor();
    await form.scrollIntoViewIfNeeded();
    await shoot(page, 'settings-aliases');
    await page.setViewportSize(DESKTOP);
    await form.scrollIntoViewIfNeeded();
    await shoot(page, 'settings-aliases');
    const actor = await t.get('/users/erin', { headers: { accept: 'application/activity+json' } });
    expect([actor.body.alsoKnownAs].flat()).toEqual([`${t.url}/users/oldself`]);

    await form.getByRole('button', { name: 'Remove' }).click();
    await form.getByText('No other account is named yet.').waitFor();
    expect(await t.ok('GET', '/api/v1/tribune/aliases', erin)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the section in French at phone and desktop sizes', async () => {
    const { t, browser } = suite;
    const fay = await t.createUser('fay');
    await t.createUser('ancien');
    await t.ok('POST', '/api/v1/tribune/aliases', fay, { acct: 'ancien' });
    const { context, page, errors } = await signedInPage(browser, t.url, fay.token, { viewport: PHONE, locale: 'fr-FR' });
    await page.goto('/settings');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Déménager depuis un autre compte' }) });
    await form.getByText(`${t.url}/users/ancien`).waitFor();
    await form.scrollIntoViewIfNeeded();
    await shoot(page, 'settings-aliases-fr');
    await page.setViewportSize(DESKTOP);
    await form.scrollIntoViewIfNeeded();
    await shoot(page, 'settings-aliases-fr');
    expect(errors).toEqual([]);
    await context.close();
  });
});
