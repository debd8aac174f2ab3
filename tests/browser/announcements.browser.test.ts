import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

interface Announcement {
  id: string;
  read: boolean;
  reactions: Array<{ name: string; count: number; me: boolean }>;
}

// The banner on Home: active announcements not dismissed, reactions, dismiss; a new one arrives live.
describe.skipIf(!hasChromium)('announcements in the web app', () => {
  const suite = browserSuite();
  let admin: TestUser;
  let reader: TestUser;

  beforeAll(async () => {
    admin = await suite.t.createUser('boss', { role: 'admin' });
    reader = await suite.t.createUser('reader');
  }, 120_000);

  const announce = async (text: string, extra: Record<string, unknown> = {}) =>
    (await suite.t.ok<{ id: string }>('POST', '/api/v1/admin/tribune/announcements', admin, { text, ...extra })).id;
  const mine = async () => suite.t.ok<Announcement[]>('GET', '/api/v1/announcements?with_dismissed=true', reader);

  it('shows an active announcement on Home with its dates, takes a reaction and a dismissal', { timeout: 240_000 }, async () => {
    const { t, browser } = suite;
    const id = await announce('Maintenance tonight from 22:00: posting pauses for ten minutes.', {
      starts_at: '2026-12-04T22:00:00Z',
      ends_at: '2099-12-04T22:30:00Z',
    });
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport });
      await page.goto('/home');
      const banner = page.getByRole('region', { name: 'Announcements' });
      await expect.poll(() => banner.textContent()).toContain('Maintenance tonight');
      expect(await banner.textContent()).toMatch(/From .+ to .+2099/);
      await shoot(page, 'announcement-home');
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }

    const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: PHONE });
    await page.goto('/home');
    const banner = page.getByRole('region', { name: 'Announcements' });
    await banner.getByRole('button', { name: 'Add a reaction' }).click();
    await banner.getByRole('button', { name: '🎉' }).click();
    await expect.poll(async () => (await mine()).find((a) => a.id === id)?.reactions).toEqual([{ name: '🎉', count: 1, me: true }]);
    await expect.poll(() => banner.getByRole('button', { name: '🎉 1' }).getAttribute('aria-pressed')).toBe('true');
    await shoot(page, 'announcement-reacted');
    expect(await axeViolations(page)).toEqual([]);
    // Pressing it again takes the reaction back.
    await banner.getByRole('button', { name: '🎉 1' }).click();
    await expect.poll(async () => (await mine()).find((a) => a.id === id)?.reactions).toEqual([]);

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Announcements' }).count()).toBe(0);
    await expect.poll(async () => (await mine()).find((a) => a.id === id)?.read).toBe(true);
    await page.reload();
    await expect.poll(() => page.locator('main').textContent()).toContain('Home');
    expect(await page.getByRole('region', { name: 'Announcements' }).count()).toBe(0);

    // A new one arrives over the user stream while the page is open.
    await page.waitForTimeout(500);
    await announce('Back to normal, thank you for your patience.');
    await expect.poll(() => page.getByRole('region', { name: 'Announcements' }).textContent(), { timeout: 15_000 }).toContain('Back to normal');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks French', { timeout: 120_000 }, async () => {
    const { t, browser } = suite;
    const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: DESKTOP });
    await context.addInitScript(() => localStorage.setItem('tribune.lang', 'fr'));
    await page.goto('/home');
    const banner = page.getByRole('region', { name: 'Annonces' });
    await expect.poll(() => banner.textContent()).toContain('Back to normal');
    expect(await banner.getByRole('button', { name: 'Masquer' }).count()).toBe(1);
    expect(await banner.textContent()).toContain('Publiée le');
    await shoot(page, 'announcement-home-fr');
    expect(errors).toEqual([]);
    await context.close();
  });
});
