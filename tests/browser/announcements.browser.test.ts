import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';

interface Announcement {
  id: string;
  read: boolean;
  reactions: Array<{ name: string; count: number; me: boolean; url?: string }>;
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

  it('lets an admin publish, edit and delete one from the moderation screen; a reader sees the banner', { timeout: 240_000 }, async () => {
    const { t, browser } = suite;
    const staff = await signedInPage(browser, t.url, admin.token, { viewport: DESKTOP });
    const { page } = staff;
    await page.goto('/moderation');
    await page.getByRole('link', { name: 'Announcements' }).click();
    const form = page.getByRole('form', { name: 'New announcement' });
    await form.getByLabel(/^Text/).fill('Welcome to the new season of #tribune');
    await form.getByLabel('Ends (optional)').fill('2099-01-31T18:00');
    await form.getByRole('button', { name: 'Publish' }).click();
    const list = page.getByRole('region', { name: 'Announcements' });
    await expect.poll(() => list.textContent()).toContain('Welcome to the new season');
    const all = await t.ok<Array<{ id: string; text: string; ends_at: string | null; published: boolean }>>(
      'GET',
      '/api/v1/admin/tribune/announcements',
      admin,
    );
    const made = all.find((a) => a.text === 'Welcome to the new season of #tribune');
    expect(made).toMatchObject({ published: true, ends_at: expect.stringMatching(/^2099-01-31T/) });
    await shoot(page, 'announcement-admin');
    expect(await axeViolations(page)).toEqual([]);

    // The reader sees it on Home.
    const reading = await signedInPage(browser, t.url, reader.token, { viewport: PHONE });
    await reading.page.goto('/home');
    const banner = reading.page.getByRole('region', { name: 'Announcements' });
    await expect.poll(() => banner.textContent()).toContain('Welcome to the new season');

    // Edited: the open page hears the change over the stream.
    const item = list.getByRole('article').filter({ hasText: 'Welcome to the new season' });
    await item.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit the announcement' });
    expect(await edit.getByLabel(/^Text/).inputValue()).toBe('Welcome to the new season of #tribune');
    await edit.getByLabel(/^Text/).fill('Welcome to the new season, everyone');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => list.textContent()).toContain('Welcome to the new season, everyone');
    await expect.poll(() => banner.textContent()).toContain('Welcome to the new season, everyone');
    expect((await t.ok<Array<{ id: string; text: string }>>('GET', '/api/v1/admin/tribune/announcements', admin)).find((a) => a.id === made!.id)?.text).toBe(
      'Welcome to the new season, everyone',
    );

    // Deleted, after a second press: gone from the list, the API and the reader's banner.
    await item.getByRole('button', { name: 'Delete' }).click();
    await item.getByRole('button', { name: 'Delete for good' }).click();
    await expect
      .poll(async () => (await t.ok<Array<{ id: string }>>('GET', '/api/v1/admin/tribune/announcements', admin)).some((a) => a.id === made!.id))
      .toBe(false);
    await expect.poll(() => list.textContent()).not.toContain('Welcome to the new season');
    await expect.poll(async () => (await banner.count()) === 0 || !(await banner.textContent())?.includes('Welcome to the new season')).toBe(true);
    expect(staff.errors).toEqual([]);
    expect(reading.errors).toEqual([]);
    await staff.context.close();
    await reading.context.close();
  });

  it('does not offer the announcements tab to a moderator', { timeout: 120_000 }, async () => {
    const { t, browser } = suite;
    const mod = await t.createUser('modonly', { role: 'moderator' });
    const { context, page } = await signedInPage(browser, t.url, mod.token, { viewport: DESKTOP });
    await page.goto('/moderation');
    await expect.poll(() => page.getByRole('link', { name: 'Audit log' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Announcements' }).count()).toBe(0);
    await context.close();
  });

  it('offers the custom emojis in the reaction picker and shows a custom reaction as its image', { timeout: 240_000 }, async () => {
    const { t, browser } = suite;
    const png = await sharp({ create: { width: 32, height: 32, channels: 4, background: { r: 240, g: 140, b: 0, alpha: 1 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('shortcode', 'blobcat');
    form.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'blobcat.png');
    expect((await t.request('POST', '/api/v1/admin/tribune/custom_emojis', { token: admin.token, multipart: form })).status).toBe(200);
    const id = await announce('Party on Friday :blobcat:');
    const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport: PHONE });
    await page.goto('/home');
    const card = page.getByRole('article').filter({ hasText: 'Party on Friday' });
    await expect.poll(() => card.count()).toBe(1);
    // The text's :blobcat: is its image.
    expect(await card.locator('.status-content img.custom-emoji[alt=":blobcat:"]').count()).toBe(1);
    await card.getByRole('button', { name: 'Add a reaction' }).click();
    await card.getByRole('button', { name: ':blobcat:' }).click();
    await expect.poll(async () => (await mine()).find((a) => a.id === id)?.reactions.map((r) => [r.name, r.count, r.me])).toEqual([['blobcat', 1, true]]);
    const reaction = card.getByRole('button', { name: ':blobcat: 1' });
    await expect.poll(() => reaction.getAttribute('aria-pressed')).toBe('true');
    expect(await reaction.locator('img[alt=":blobcat:"]').count()).toBe(1);
    // The image loads (same origin, allowed by the page's policy).
    await expect.poll(() => reaction.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(32);
    await shoot(page, 'announcement-custom-emoji');
    expect(await axeViolations(page)).toEqual([]);
    // After a reload the reaction comes from the API with its url.
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: ':blobcat: 1' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
