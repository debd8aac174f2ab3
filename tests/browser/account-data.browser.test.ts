import { mkdirSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, signedInPage } from './harness.js';

// The settings page's own-data sections (issue 15, point 3): request an archive and download it, import a CSV
// file, delete the account.

const SHOTS = '/tmp/shots-archive';

async function shot(page: Page, section: Locator, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await section.scrollIntoViewIfNeeded();
  const v = page.viewportSize()!;
  await page.screenshot({ path: `${SHOTS}/${name}-${v.width}x${v.height}.png` });
}

describe.skipIf(!hasChromium)('own data on the settings page', () => {
  const suite = browserSuite();

  it('requests an archive and downloads it, imports a CSV file with its result, at phone and desktop sizes', { timeout: 90_000 }, async () => {
    const { t, browser } = suite;
    const jo = await t.createUser('jo');
    const kim = await t.createUser('kim');
    const lee = await t.createUser('lee');
    await t.ok('POST', `/api/v1/accounts/${kim.id}/follow`, jo);
    await t.postStatus(jo, 'my first post');

    const { context, page, errors } = await signedInPage(browser, t.url, jo.token, { viewport: PHONE });
    await page.goto('/settings');
    page.setDefaultTimeout(15_000);
    const archive = page.locator('section', { has: page.getByRole('heading', { name: 'Your archive' }) });
    await archive.getByRole('button', { name: 'Request your archive' }).click();
    const link = archive.getByRole('link', { name: /Download the archive/ });
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    const zip = unzipSync(new Uint8Array(await (await fetch(href)).arrayBuffer()));
    expect(new TextDecoder().decode(zip['following_accounts.csv'])).toContain(`kim@${t.ctx.config.domain}`);
    // Once a week: the button waits until then and says when.
    expect(await archive.getByRole('button', { name: 'Request your archive' }).isDisabled()).toBe(true);
    expect(await archive.textContent()).toContain('You can request a new archive from');
    await shot(page, archive, 'settings-archive');
    // The notification that it is ready links back to the settings.
    await page.goto('/notifications');
    const ready = page.getByText('The archive of your account is ready');
    await ready.waitFor();
    await shot(page, ready, 'notifications-archive-ready');
    await page.goto('/settings');

    const imports = page.locator('form', { has: page.getByRole('heading', { name: 'Import' }) });
    await imports.getByLabel('What the file holds').selectOption('blocking');
    // A bad file: the line is named and nothing is imported.
    await imports.getByLabel('CSV file').setInputFiles([{ name: 'blocked_accounts.csv', mimeType: 'text/csv', buffer: Buffer.from('lee\nnot an address!\n') }]);
    await imports.getByRole('button', { name: 'Import' }).click();
    expect(await imports.getByRole('alert').textContent()).toContain('line 2');
    await imports
      .getByLabel('CSV file')
      .setInputFiles([{ name: 'blocked_accounts.csv', mimeType: 'text/csv', buffer: Buffer.from(`lee\nsomeone@elsewhere.example\n`) }]);
    await imports.getByRole('button', { name: 'Import' }).click();
    await imports.getByText('Blocked accounts: 1 of 2 imported, 1 failed.').waitFor();
    expect(await imports.textContent()).toContain('Line 2 (someone@elsewhere.example): not found on its server');
    const rel = await t.get(`/api/v1/accounts/relationships?id[]=${lee.id}`, { token: jo.token });
    expect(rel.body[0].blocking).toBe(true);
    await shot(page, imports, 'settings-import');
    const del = page.locator('form', { has: page.getByRole('heading', { name: 'Delete your account' }) });
    await shot(page, del, 'settings-delete');
    expect(await axeViolations(page)).toEqual([]);

    await page.setViewportSize(DESKTOP);
    await shot(page, archive, 'settings-archive');
    await shot(page, imports, 'settings-import');
    await shot(page, del, 'settings-delete');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('deletes the account after the password, offering the archive first, and signs out', async () => {
    const { t, browser } = suite;
    const max = await t.createUser('max');
    const { context, page, errors } = await signedInPage(browser, t.url, max.token, { viewport: PHONE });
    await page.goto('/settings');
    const del = page.locator('form', { has: page.getByRole('heading', { name: 'Delete your account' }) });
    await del.getByRole('link', { name: 'Your archive' }).waitFor();
    await del.getByLabel('Your password, to confirm').fill('not my password');
    await del.getByRole('button', { name: 'Delete my account' }).click();
    expect(await del.getByRole('alert').textContent()).toContain('password');
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: max.token })).status).toBe(200);

    await del.getByLabel('Your password, to confirm').fill('correct horse battery');
    await del.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText(/will be deleted on/).waitFor();
    await page.waitForURL((u) => u.pathname === '/');
    expect((await t.get('/api/v1/accounts/verify_credentials', { token: max.token })).status).toBe(401);
    expect((await t.get(`/api/v1/accounts/${max.id}`)).body.suspended).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('tribune.token'))).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});
