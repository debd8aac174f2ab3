import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../helpers/server.js';
import { axeViolations, browserSuite, DESKTOP, hasChromium, PHONE, shoot, signedInPage } from './harness.js';
import { animatedGif, picture, uploadByApi } from './media-fixtures.js';

// Media in posts (issue 12, point 8): the grid over blurhashes, the full-screen viewer, sensitive media and media under
// a content warning covered until asked, and looping GIFs that keep still for people who asked for less motion.
describe.skipIf(!hasChromium)('media in posts', () => {
  const suite = browserSuite();
  let albumPost = '';
  let poster: TestUser;

  beforeAll(async () => {
    const { t } = suite;
    poster = await t.createUser('album');
    const ids: string[] = [];
    for (const [i, hue] of [200, 20, 120, 300].entries()) {
      ids.push(await uploadByApi(t, poster, await picture(hue, `Photo ${i + 1}`), `p${i}.png`, 'image/png', `Landscape number ${i + 1}`));
    }
    albumPost = (await t.postStatus<{ id: string }>(poster, 'An album of four', { media_ids: ids })).id;
  }, 120_000);

  const fileInput = (page: Page) => page.locator('main .compose input[type="file"]');
  const compose = (page: Page) => page.locator('main .compose');

  it('shows a four-image grid and opens the viewer, which arrows and swipes move through', async () => {
    const { t, browser } = suite;
    const reader = await t.createUser('viewer');
    await t.ok('POST', `/api/v1/accounts/${poster.id}/follow`, reader);
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, errors } = await signedInPage(browser, t.url, reader.token, { viewport });
      page.setDefaultTimeout(15_000);
      await page.goto(`/@${poster.username}/${albumPost}`);
      const grid = page.locator('.status-focused .media-grid.media-4');
      await grid.waitFor();
      await expect.poll(() => grid.locator('img').evaluateAll((els) => els.every((el) => (el as HTMLImageElement).naturalWidth > 0))).toBe(true);
      // Every tile has the blurhash drawn under it.
      expect(await grid.locator('canvas.blurhash').count()).toBe(4);
      await page.goto('/home');
      await page.locator('.feed .media-grid.media-4').first().waitFor();
      await page.waitForTimeout(400);
      await shoot(page, 'media-grid-4');
      await page.locator('.feed .media-grid.media-4 .media-open').nth(2).click();
      const viewer = page.locator('dialog.viewer');
      await viewer.waitFor();
      expect(await viewer.locator('.viewer-count').textContent()).toBe('3 / 4');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await viewer.locator('.viewer-count').textContent()).toBe('1 / 4');
      await page.keyboard.press('ArrowLeft');
      expect(await viewer.locator('.viewer-count').textContent()).toBe('4 / 4');
      // A finger swiping left shows the next one.
      await viewer.locator('.viewer-stage').evaluate((el) => {
        const at = (type: string, x: number) => el.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: 'touch', clientX: x, clientY: 300 }));
        at('pointerdown', 320);
        at('pointerup', 80);
      });
      expect(await viewer.locator('.viewer-count').textContent()).toBe('1 / 4');
      await expect.poll(() => viewer.locator('img').evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
      expect(await viewer.locator('.viewer-alt').textContent()).toContain('Landscape number 1');
      await shoot(page, 'media-viewer');
      expect(await axeViolations(page)).toEqual([]);
      await viewer.getByRole('button', { name: 'Close' }).click();
      await viewer.waitFor({ state: 'detached' });
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 90_000);

  it('covers sensitive media and media under a content warning until asked, and marks media sensitive from the composer', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('careful');
    const sensitiveId = await uploadByApi(t, me, await picture(340, 'Hidden'), 'hidden.png', 'image/png', 'A picture some would rather not see');
    await t.postStatus(me, 'Marked sensitive', { media_ids: [sensitiveId], sensitive: true });
    const cwId = await uploadByApi(t, me, await picture(60, 'Spoiler'), 'spoiler.png', 'image/png', 'The end of the film');
    await t.postStatus(me, 'The twist, explained', { media_ids: [cwId], spoiler_text: 'Film spoilers' });
    for (const viewport of [PHONE, DESKTOP]) {
      const { context, page, errors } = await signedInPage(browser, t.url, me.token, { viewport });
      page.setDefaultTimeout(15_000);
      await page.goto(`/@${me.username}`);
      const marked = page.locator('.feed .status', { hasText: 'Marked sensitive' });
      const cw = page.locator('.feed .status', { hasText: 'Film spoilers' });
      for (const post of [marked, cw]) {
        await post.getByRole('button', { name: 'Sensitive content Show' }).waitFor();
        // Covered: the blurhash only, the picture not even fetched.
        expect(await post.locator('.media-grid img').count()).toBe(0);
        expect(await post.locator('.media-grid canvas.blurhash').count()).toBe(1);
      }
      await page.waitForTimeout(200);
      await shoot(page, 'media-sensitive');
      expect(await axeViolations(page)).toEqual([]);
      await marked.getByRole('button', { name: 'Sensitive content Show' }).click();
      await marked.locator('.media-grid img[alt="A picture some would rather not see"]').waitFor();
      await marked.getByRole('button', { name: 'Hide media' }).click();
      await marked.getByRole('button', { name: 'Sensitive content Show' }).waitFor();
      expect(await cw.locator('.media-grid img').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }
    // From the composer: "Sensitive media" marks the post.
    const { context, page } = await signedInPage(browser, t.url, me.token, { viewport: DESKTOP });
    await page.goto('/home');
    await fileInput(page).waitFor({ state: 'attached' });
    await compose(page).locator('textarea').fill('Marked from the composer');
    await fileInput(page).setInputFiles([{ name: 'mine.png', mimeType: 'image/png', buffer: await picture(180, 'Mine') }]);
    await compose(page).locator('.alt-missing').waitFor();
    const toggle = compose(page).getByRole('button', { name: 'Sensitive media' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await compose(page).getByRole('button', { name: 'Post', exact: true }).click();
    await compose(page).getByRole('button', { name: 'Post anyway' }).click();
    await page.locator('.feed .status', { hasText: 'Marked from the composer' }).getByRole('button', { name: 'Sensitive content Show' }).waitFor();
    const mine = (await t.get(`/api/v1/accounts/${me.id}/statuses`, { token: me.token })).body[0];
    expect(mine.sensitive).toBe(true);
    expect(mine.media_attachments).toHaveLength(1);
    await context.close();
  }, 90_000);

  it('loops a GIF silently, and keeps it still for people who asked for less motion', async () => {
    const { t, browser } = suite;
    const me = await t.createUser('looper');
    const id = await uploadByApi(t, me, animatedGif(), 'loop.gif', 'image/gif', 'A test pattern going round');
    await t.postStatus(me, 'A looping GIF', { media_ids: [id] });
    for (const reducedMotion of ['no-preference', 'reduce'] as const) {
      const context = await browser.newContext({ baseURL: t.url, viewport: PHONE, reducedMotion });
      await context.addInitScript((tok) => localStorage.setItem('tribune.token', tok), me.token);
      const page = await context.newPage();
      await page.goto(`/@${me.username}`);
      const video = page.locator('.feed .media-grid .media-gifv video');
      await video.waitFor();
      expect(await page.locator('.feed .media-grid .media-open').getAttribute('aria-label')).toBe('A test pattern going round');
      expect(await video.evaluate((el: HTMLVideoElement) => [el.muted, el.loop, el.controls])).toEqual([true, true, false]);
      if (reducedMotion === 'reduce') {
        await page.waitForTimeout(800);
        expect(await video.evaluate((el: HTMLVideoElement) => [el.autoplay, el.paused])).toEqual([false, true]);
      } else {
        await expect.poll(() => video.evaluate((el: HTMLVideoElement) => !el.paused && el.currentTime > 0)).toBe(true);
      }
      await context.close();
    }
  }, 60_000);
});
